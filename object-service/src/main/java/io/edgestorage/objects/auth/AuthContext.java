package io.edgestorage.objects.auth;

import io.edgestorage.sigv4.PayloadMode;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.Verification;

/**
 * Who signed a request and how its body must be checked; {@link #ANONYMOUS} for a request that carries no
 * signature at all (no Authorization header, no auth query parameters).
 *
 * @param accountId  the account the access key belongs to (null when anonymous)
 * @param presigned  query auth (SigV4 or SigV2)
 * @param verified   the SigV4 verification (null for SigV2)
 * @param signingKey the SigV4 signing key (null for SigV2), for aws-chunked signatures
 */
public record AuthContext(String accessKeyId, String accountId, boolean presigned, Verification.Verified verified,
        SigningKey signingKey) {

    /** An unsigned request: it may only read a public-read bucket (the router decides what it may do). */
    public static final AuthContext ANONYMOUS = new AuthContext(null, null, false, null, null);

    public boolean anonymous() {
        return accountId == null;
    }

    /** Who the access log names: the access key id, or {@code anonymous}. */
    public String signer() {
        return anonymous() ? "anonymous" : accessKeyId;
    }

    /** How the body is covered; SigV2 never covers it. */
    public PayloadMode payloadMode() {
        return verified == null ? PayloadMode.UNSIGNED_PAYLOAD : verified.payloadMode();
    }

    @Override
    public String toString() {
        return "AuthContext[" + accessKeyId + ", account=" + accountId + ", presigned=" + presigned + "]";
    }
}
