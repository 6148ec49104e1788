package io.edgestorage.sigv4;

import java.time.Instant;

/**
 * The six parameters of SigV4 query auth (a presigned URL), decoded, each given exactly once, with
 * {@code X-Amz-Algorithm} already checked to be {@value SigV4#ALGORITHM}.
 *
 * @param credential    {@code X-Amz-Credential}
 * @param amzDate       {@code X-Amz-Date}, as signed
 * @param expires       {@code X-Amz-Expires}, as sent
 * @param signedHeaders {@code X-Amz-SignedHeaders}
 * @param signature     {@code X-Amz-Signature}, as sent
 */
record QueryAuthFields(String credential, String amzDate, String expires, String signedHeaders, String signature) {

    static final String ALGORITHM = "X-Amz-Algorithm";
    static final String CREDENTIAL = "X-Amz-Credential";
    static final String DATE = "X-Amz-Date";
    static final String EXPIRES = "X-Amz-Expires";
    static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
    /** The one parameter query auth does not sign. */
    static final String SIGNATURE = "X-Amz-Signature";

    /** In the order S3 reports a missing one. */
    private static final String[] NAMES = {ALGORITHM, CREDENTIAL, DATE, EXPIRES, SIGNED_HEADERS, SIGNATURE};

    /** True when the query carries SigV4 query auth, complete or not. */
    static boolean isPresent(QueryParameters query) {
        return query.contains(ALGORITHM) || query.contains(CREDENTIAL) || query.contains(SIGNATURE);
    }

    /**
     * Picks the six parameters out of {@code query} in one pass (SDK URLs have about seven in all).
     *
     * @return the fields; {@link AuthFailure#MALFORMED_QUERY} if one is given twice,
     *         {@link AuthFailure#MISSING_QUERY_PARAMETER} if one is missing, {@link AuthFailure#UNSUPPORTED_ALGORITHM}
     *         for another algorithm
     */
    static ParseStep<QueryAuthFields> parse(QueryParameters query) {
        String[] values = new String[NAMES.length];
        for (QueryParameters.Parameter p : query.all()) {
            int index = indexOf(p.name());
            if (index >= 0) {
                if (values[index] != null) {
                    return ParseStep.rejected(AuthFailure.MALFORMED_QUERY, NAMES[index] + " is given more than once");
                }
                values[index] = p.value();
            }
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (values[i] == null) {
                return ParseStep.rejected(AuthFailure.MISSING_QUERY_PARAMETER, NAMES[i] + " is missing. "
                        + AuthFailure.MISSING_QUERY_PARAMETER.message());
            }
        }
        if (!SigV4.ALGORITHM.equals(values[0])) {
            return ParseStep.rejected(AuthFailure.UNSUPPORTED_ALGORITHM,
                    "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        return ParseStep.of(new QueryAuthFields(values[1], values[2], values[3], values[4], values[5]));
    }

    /** {@link #amzDate()} as an instant, or {@link AuthFailure#MALFORMED_QUERY}. */
    ParseStep<Instant> requestTime() {
        Instant time = SigV4.parseAmzDate(amzDate);
        return time != null ? ParseStep.of(time) : ParseStep.rejected(AuthFailure.MALFORMED_QUERY,
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }

    /**
     * {@link #expires()} in seconds: {@link AuthFailure#MALFORMED_QUERY} if it is not a decimal integer,
     * {@link AuthFailure#EXPIRES_NEGATIVE}, {@link AuthFailure#EXPIRED} for zero (S3: a URL that lives zero
     * seconds has expired, 403), or {@link AuthFailure#EXPIRES_TOO_LONG} beyond seven days.
     */
    ParseStep<Long> expiresSeconds() {
        long seconds = parseDecimal(expires);
        if (seconds == Long.MIN_VALUE) {
            return ParseStep.rejected(AuthFailure.MALFORMED_QUERY, "X-Amz-Expires should be a number");
        }
        if (seconds < 0) {
            return ParseStep.rejected(AuthFailure.EXPIRES_NEGATIVE);
        }
        if (seconds == 0) {
            return ParseStep.rejected(AuthFailure.EXPIRED);
        }
        if (seconds > PresignRequest.MAX_EXPIRES_SECONDS) {
            return ParseStep.rejected(AuthFailure.EXPIRES_TOO_LONG);
        }
        return ParseStep.of(seconds);
    }

    /** Never shows the signature. */
    @Override
    public String toString() {
        return "QueryAuthFields[credential=" + credential + ", amzDate=" + amzDate + ", expires=" + expires
                + ", signedHeaders=" + signedHeaders + "]";
    }

    private static int indexOf(String name) {
        if (!name.startsWith("X-Amz-")) {
            return -1;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The value, or Long.MIN_VALUE if it is not a plain decimal integer of at most 12 characters. */
    private static long parseDecimal(String text) {
        if (text.isEmpty() || text.length() > 12) {
            return Long.MIN_VALUE;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        if (i == text.length()) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return text.charAt(0) == '-' ? -v : v;
    }
}
