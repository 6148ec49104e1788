package io.edgestorage.sigv4;

/**
 * The result of the key-free first step, {@link SigV4Verifier#parse}: either a {@link ParsedSigV4Auth}
 * (syntactically valid, in time, in scope; the caller now fetches the signing key for
 * {@link ParsedSigV4Auth#accessKeyId()} and {@link ParsedSigV4Auth#scope()}) or a
 * {@link Verification.Rejected}.
 */
public sealed interface ParsedAuth permits ParsedSigV4Auth, Verification.Rejected {

    /** True if this is a rejection. */
    default boolean isRejected() {
        return this instanceof Verification.Rejected;
    }
}
