package io.edgestorage.sigv4;

import java.util.List;

/**
 * Which signature scheme a request claims, so a service can route it to {@link SigV4Verifier} or
 * {@link io.edgestorage.sigv4.v2.SigV2Verifier} (or treat it as anonymous) before parsing anything.
 */
public enum AuthScheme {
    /** No Authorization header, no auth query parameters. */
    ANONYMOUS,
    /** {@code Authorization: AWS4-HMAC-SHA256 …}. */
    SIGV4_HEADER,
    /** {@code X-Amz-Algorithm}/{@code X-Amz-Credential}/{@code X-Amz-Signature} in the query. */
    SIGV4_QUERY,
    /** {@code Authorization: AWS id:signature}. */
    SIGV2_HEADER,
    /** {@code AWSAccessKeyId}/{@code Signature} in the query. */
    SIGV2_QUERY,
    /** More than one mechanism, or an Authorization scheme we do not know: the verifiers reject it with the right error. */
    AMBIGUOUS_OR_UNKNOWN;

    /** Looks only at the header name/prefix and query parameter names. */
    public static AuthScheme detect(HttpRequestView request) {
        List<String> authorization = request.headers("authorization");
        QueryParameters query = request.query();
        boolean v4Query = QueryAuthFields.isPresent(query);
        boolean v2Query = query.contains("AWSAccessKeyId") || query.contains("Signature");
        int mechanisms = (authorization.isEmpty() ? 0 : 1) + (v4Query ? 1 : 0) + (v2Query ? 1 : 0);
        if (mechanisms == 0) {
            return ANONYMOUS;
        }
        if (mechanisms > 1 || authorization.size() > 1) {
            return AMBIGUOUS_OR_UNKNOWN;
        }
        if (v4Query) {
            return SIGV4_QUERY;
        }
        if (v2Query) {
            return SIGV2_QUERY;
        }
        String value = authorization.get(0).trim();
        if (value.startsWith(SigV4.ALGORITHM + " ")) {
            return SIGV4_HEADER;
        }
        return value.startsWith("AWS ") ? SIGV2_HEADER : AMBIGUOUS_OR_UNKNOWN;
    }
}
