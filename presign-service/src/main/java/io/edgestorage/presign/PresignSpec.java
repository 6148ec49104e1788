package io.edgestorage.presign;

import java.time.Duration;

/**
 * A validated presign request: everything {@link io.edgestorage.presign.service.PresignService} needs to
 * sign, already checked by {@link PresignValidator}.
 *
 * @param key                the object key (1 … 1024 UTF-8 bytes)
 * @param action             download (GET) or upload (PUT)
 * @param expires            1 s … 7 d
 * @param contentType        uploads only: the Content-Type the client must send (signed), or null
 * @param contentDisposition downloads only: the Content-Disposition the response will carry, or null
 * @param keyId              the access key to sign with, or null for the account's active key
 * @param grant              the grant's limits and context ({@link GrantSpec#UNLIMITED} when none are asked)
 */
public record PresignSpec(String key, Action action, Duration expires, String contentType,
        String contentDisposition, String keyId, GrantSpec grant) {

    public PresignSpec(String key, Action action, Duration expires, String contentType, String contentDisposition,
            String keyId) {
        this(key, action, expires, contentType, contentDisposition, keyId, GrantSpec.UNLIMITED);
    }
}
