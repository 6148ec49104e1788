package io.edgestorage.objects.grants;

import java.time.Instant;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;

/**
 * What a grant and the revocations allow one request to do, decided from plain values before any byte of
 * the body is read. Pure: the caller brings the policy read from the signed query, the revocation sets and the
 * request's method, headers and issue time.
 */
public final class GrantRules {

    private GrantRules() {
    }

    /** A grant parameter on a request whose signature does not cover it (SigV2, header auth, anonymous). */
    public static S3Exception unsignedGrant() {
        return S3Error.INVALID_ARGUMENT.exception("X-Edge-* parameters are honoured only on SigV4 presigned URLs,"
                + " whose signature covers them");
    }

    public static S3Exception invalidGrant(GrantPolicy.InvalidGrant invalid) {
        return S3Error.INVALID_ARGUMENT.exception(invalid.getMessage())
                .with("ArgumentName", invalid.parameter());
    }

    public static S3Exception revokedGrant() {
        return S3Error.ACCESS_DENIED.exception("This URL has been revoked");
    }

    public static S3Exception usedUp() {
        return S3Error.ACCESS_DENIED.exception("This URL has been used");
    }

    public static S3Exception revokedObject(ObjectRevocation revocation) {
        return S3Error.ACCESS_DENIED.exception("Every URL to this object issued before " + revocation.notBefore()
                + " has been revoked");
    }

    /**
     * The refusal of an upload under {@code policy} before its body is read, or null.
     *
     * @param contentType    the request's Content-Type header, or null
     * @param declaredLength the body's length as declared (Content-Length, or x-amz-decoded-content-length for
     *                       aws-chunked), or -1 when it is not known before the body ends
     */
    public static S3Exception uploadRefusal(GrantPolicy policy, String contentType, long declaredLength) {
        if (!policy.allowsContentType(contentType)) {
            return S3Error.ACCESS_DENIED.exception("This URL allows uploads of Content-Type "
                    + String.join(", ", policy.contentTypes().stream().map(Object::toString).toList()) + " only; the"
                    + " request's is " + (contentType == null ? "missing" : "\"" + contentType + "\""));
        }
        if (policy.maxBytes() != GrantPolicy.UNLIMITED && declaredLength > policy.maxBytes()) {
            return tooLarge(policy);
        }
        return null;
    }

    /** The refusal of a body that has grown past the grant's limit while streaming. */
    public static S3Exception tooLarge(GrantPolicy policy) {
        return S3Error.ENTITY_TOO_LARGE.exception("This URL accepts at most " + policy.maxBytes() + " bytes")
                .with("MaxSizeAllowed", Long.toString(policy.maxBytes()));
    }

    /** Whether this request spends a use: every GET (each Range request too) and PUT, never a HEAD. */
    public static boolean spendsUse(GrantPolicy policy, String method) {
        return policy.uses() != GrantPolicy.UNLIMITED && !"HEAD".equals(method);
    }

    /**
     * The object revocation refusing a presigned request, or null. A SigV4 URL was issued at its
     * {@code X-Amz-Date}; a SigV2 URL carries only its expiry, so it counts as issued as early as that allows.
     */
    public static ObjectRevocation revocationRefusing(ObjectRevocations revocations, String bucket, String key,
            Instant sigV4IssuedAt, Instant sigV2Expires) {
        Instant issued = sigV4IssuedAt != null ? sigV4IssuedAt
                : sigV2Expires != null ? revocations.earliestIssueOfSigV2(sigV2Expires) : null;
        return issued == null ? null : revocations.refusing(bucket, key, issued);
    }
}
