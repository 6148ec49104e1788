package io.edgestorage.sigv4;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A SigV4 authorization that passed every key-free check.
 *
 * @param location       header or query auth
 * @param accessKeyId    who claims to have signed
 * @param scope          the credential scope from the credential
 * @param amzDate        the request time exactly as signed ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param requestTime    {@code amzDate} as an instant
 * @param expiresSeconds {@code X-Amz-Expires} for query auth, 0 for header auth
 * @param signedHeaders  lower-case header names in the order signed
 * @param payloadMode    how the body is covered
 * @param payloadHash    the payload line of the canonical request (a hex hash or a literal)
 * @param signature      the lower-case hex signature sent
 * @param query          the request's query as parse read it: verify signs this very instance, never a second
 *                       reading of the request
 */
public record ParsedSigV4Auth(
        AuthLocation location,
        String accessKeyId,
        CredentialScope scope,
        String amzDate,
        Instant requestTime,
        long expiresSeconds,
        List<String> signedHeaders,
        PayloadMode payloadMode,
        String payloadHash,
        String signature,
        QueryParameters query) implements ParsedAuth {

    public ParsedSigV4Auth {
        signedHeaders = List.copyOf(signedHeaders);
        Objects.requireNonNull(query, "query");
    }

    /**
     * The same authorization with another payload line: for non-S3 SigV4 services (and their test
     * vectors) whose presigned requests sign a body hash instead of {@code UNSIGNED-PAYLOAD}.
     */
    public ParsedSigV4Auth withPayloadHash(String newPayloadHash) {
        PayloadMode mode = PayloadMode.fromPayloadLine(newPayloadHash);
        if (mode == null) {
            throw new IllegalArgumentException("not a payload line: " + newPayloadHash);
        }
        return new ParsedSigV4Auth(location, accessKeyId, scope, amzDate, requestTime, expiresSeconds,
                signedHeaders, mode, newPayloadHash, signature, query);
    }

    /** Never shows the signature. */
    @Override
    public String toString() {
        return "ParsedSigV4Auth[" + location + ", accessKeyId=" + accessKeyId + ", scope=" + scope + ", amzDate="
                + amzDate + ", expires=" + expiresSeconds + ", signedHeaders=" + signedHeaders + ", payload="
                + payloadMode + "]";
    }
}
