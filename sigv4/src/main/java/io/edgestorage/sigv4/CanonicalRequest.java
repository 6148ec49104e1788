package io.edgestorage.sigv4;

import java.util.Objects;

/**
 * A SigV4 canonical request: its six lines, each already in canonical form, and the text they make,
 * built once. The verifier builds one with {@link #of(ParsedSigV4Auth, HttpRequestView)} and signs
 * {@link #stringToSign}; the presigner builds one from what it is about to send. Immutable.
 */
public final class CanonicalRequest {

    private final String method;
    private final String canonicalUri;
    private final String canonicalQuery;
    private final String canonicalHeaders;
    private final String signedHeaders;
    private final String payloadHash;
    private final String text;

    /**
     * @param method           e.g. {@code GET}
     * @param canonicalUri     see {@link SigV4#canonicalUri}
     * @param canonicalQuery   sorted, canonically encoded {@code name=value} pairs joined by {@code &}; may be empty
     * @param canonicalHeaders {@code name:value\n} per signed header (see {@link SigV4#canonicalHeaders})
     * @param signedHeaders    the {@code ;}-joined signed header names
     * @param payloadHash      the payload line: a hex SHA-256 or a literal such as {@code UNSIGNED-PAYLOAD}
     */
    public CanonicalRequest(String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
            String signedHeaders, String payloadHash) {
        this.method = Objects.requireNonNull(method, "method");
        this.canonicalUri = Objects.requireNonNull(canonicalUri, "canonicalUri");
        this.canonicalQuery = Objects.requireNonNull(canonicalQuery, "canonicalQuery");
        this.canonicalHeaders = Objects.requireNonNull(canonicalHeaders, "canonicalHeaders");
        this.signedHeaders = Objects.requireNonNull(signedHeaders, "signedHeaders");
        this.payloadHash = Objects.requireNonNull(payloadHash, "payloadHash");
        this.text = SigV4.canonicalRequest(method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders,
                payloadHash);
    }

    /**
     * What the signature of {@code auth} must cover, as S3 computes it: the method, path and signed headers of
     * {@code request}, and the query {@code auth} was parsed from (query auth signs every parameter but
     * {@code X-Amz-Signature}).
     */
    public static CanonicalRequest of(ParsedSigV4Auth auth, HttpRequestView request) {
        String excluded = auth.location() == AuthLocation.QUERY ? QueryAuthFields.SIGNATURE : null;
        return new CanonicalRequest(request.method(), SigV4.canonicalUri(request.rawPath()),
                auth.query().canonical(excluded), SigV4.canonicalHeaders(request, auth.signedHeaders()),
                SigV4.signedHeadersLine(auth.signedHeaders()), auth.payloadHash());
    }

    public String method() {
        return method;
    }

    public String canonicalUri() {
        return canonicalUri;
    }

    public String canonicalQuery() {
        return canonicalQuery;
    }

    /** The headers block; it ends in a newline. */
    public String canonicalHeaders() {
        return canonicalHeaders;
    }

    /** The {@code ;}-joined signed header names. */
    public String signedHeaders() {
        return signedHeaders;
    }

    public String payloadHash() {
        return payloadHash;
    }

    /** The six lines joined by newlines: what is hashed into the string to sign. */
    public String text() {
        return text;
    }

    /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(text)>}. */
    public String stringToSign(String amzDate, CredentialScope scope) {
        return SigV4.stringToSign(amzDate, scope, text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalRequest other && method.equals(other.method)
                && canonicalUri.equals(other.canonicalUri) && canonicalQuery.equals(other.canonicalQuery)
                && canonicalHeaders.equals(other.canonicalHeaders) && signedHeaders.equals(other.signedHeaders)
                && payloadHash.equals(other.payloadHash);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** {@link #text()}: a canonical request holds no secret (query auth leaves the signature out). */
    @Override
    public String toString() {
        return text;
    }
}
