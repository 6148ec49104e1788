package io.edgestorage.objects.grants;

import java.time.Instant;

/**
 * "Every URL to this object (or under this prefix) issued before {@code notBefore} is refused." Exactly one
 * of {@code key} and {@code prefix} is set.
 */
public record ObjectRevocation(String id, String accountId, String bucket, String key, String prefix,
        Instant notBefore) {

    public ObjectRevocation {
        if ((key == null) == (prefix == null)) {
            throw new IllegalArgumentException("exactly one of key and prefix");
        }
    }

    public boolean covers(String objectKey) {
        return key != null ? key.equals(objectKey) : objectKey.startsWith(prefix);
    }
}
