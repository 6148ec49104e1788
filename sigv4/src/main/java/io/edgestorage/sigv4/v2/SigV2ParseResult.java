package io.edgestorage.sigv4.v2;

/** The result of {@link SigV2Verifier#parse}: a {@link SigV2Auth} to check with key-service, or a {@link SigV2Rejected}. */
public sealed interface SigV2ParseResult permits SigV2Auth, SigV2Rejected {
}
