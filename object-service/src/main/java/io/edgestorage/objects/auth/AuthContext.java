package io.edgestorage.objects.auth;

import io.edgestorage.sigv4.PayloadMode;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.Verification;

/**
 * Who signed a request and how its body must be checked.
 *
 * @param accountId  the account the access key belongs to
 * @param presigned  query auth (SigV4 or SigV2)
 * @param verified   the SigV4 verification (null for SigV2)
 * @param signingKey the SigV4 signing key (null for SigV2), for aws-chunked signatures
 */
public record AuthContext(String accessKeyId, String accountId, boolean presigned, Verification.Verified verified,
        SigningKey signingKey) {

    /** How the body is covered; SigV2 never covers it. */
    public PayloadMode payloadMode() {
        return verified == null ? PayloadMode.UNSIGNED_PAYLOAD : verified.payloadMode();
    }

    @Override
    public String toString() {
        return "AuthContext[" + accessKeyId + ", account=" + accountId + ", presigned=" + presigned + "]";
    }
}
