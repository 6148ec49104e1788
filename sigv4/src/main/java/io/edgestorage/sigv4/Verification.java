package io.edgestorage.sigv4;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link SigV4Verifier#verify}: {@link Verified} or {@link Rejected}. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** True if the signature checked out. */
    default boolean isVerified() {
        return this instanceof Verified;
    }

    /**
     * A request whose signature matches.
     *
     * @param accessKeyId   the verified signer
     * @param scope         the credential scope
     * @param signedHeaders the signed header names
     * @param payloadMode   how the body must be checked next (hash, aws-chunked, nothing)
     * @param payloadHash   the payload line; for {@link PayloadMode#SIGNED_HEX} the hex SHA-256 the body must have
     * @param seedSignature the request signature, which aws-chunked chunk signatures chain from
     * @param requestTime   the signed request time
     * @param location      header or query auth
     */
    record Verified(
            String accessKeyId,
            CredentialScope scope,
            List<String> signedHeaders,
            PayloadMode payloadMode,
            String payloadHash,
            String seedSignature,
            Instant requestTime,
            AuthLocation location) implements Verification {

        public Verified {
            signedHeaders = List.copyOf(signedHeaders);
        }

        /** Never shows the signature. */
        @Override
        public String toString() {
            return "Verified[" + location + ", accessKeyId=" + accessKeyId + ", scope=" + scope + ", payload="
                    + payloadMode + "]";
        }
    }

    /**
     * A refused request.
     *
     * @param failure          the one cause, with its S3 code and status
     * @param message          a human-readable detail (no secrets)
     * @param canonicalRequest for {@link AuthFailure#SIGNATURE_MISMATCH}: what we signed, for S3's error body; else null
     * @param stringToSign     for {@link AuthFailure#SIGNATURE_MISMATCH}: the string to sign; else null
     */
    record Rejected(AuthFailure failure, String message, String canonicalRequest, String stringToSign)
            implements Verification, ParsedAuth {

        public Rejected {
            Objects.requireNonNull(failure, "failure");
            message = message == null ? failure.message() : message;
        }

        public static Rejected of(AuthFailure failure, String message) {
            return new Rejected(failure, message, null, null);
        }

        public static Rejected of(AuthFailure failure) {
            return new Rejected(failure, failure.message(), null, null);
        }
    }
}
