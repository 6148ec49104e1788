package io.edgestorage.objects;

import java.time.OffsetDateTime;

/** A bucket, the account that owns it, and who may read it without signing. */
public record Bucket(String name, String accountId, OffsetDateTime createdAt, BucketAccess access) {

    public boolean publicRead() {
        return access == BucketAccess.PUBLIC_READ;
    }
}
