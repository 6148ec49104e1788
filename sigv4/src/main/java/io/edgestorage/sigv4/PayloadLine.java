package io.edgestorage.sigv4;

import java.util.List;

/**
 * The last line of the canonical request and what it says about the body.
 *
 * @param line the payload line exactly as signed: a hex SHA-256 or a literal such as {@code UNSIGNED-PAYLOAD}
 * @param mode how the body is covered
 */
record PayloadLine(String line, PayloadMode mode) {

    private static final String CONTENT_SHA256_PARAM = "X-Amz-Content-Sha256";
    private static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";

    /**
     * Query auth: {@code UNSIGNED-PAYLOAD}, unless the URL itself carries {@code X-Amz-Content-Sha256} (the JS
     * SDK v3 adds {@code X-Amz-Content-Sha256=UNSIGNED-PAYLOAD}). A presigned URL cannot stream aws-chunked.
     *
     * @return the line; {@link AuthFailure#MALFORMED_QUERY} if given twice, {@link AuthFailure#INVALID_CONTENT_SHA256}
     *         if it is not a payload line or is a streaming one
     */
    static ParseStep<PayloadLine> ofQuery(QueryParameters query) {
        List<QueryParameters.Parameter> contentSha = query.all(CONTENT_SHA256_PARAM);
        if (contentSha.size() > 1) {
            return ParseStep.rejected(AuthFailure.MALFORMED_QUERY, "X-Amz-Content-Sha256 is given more than once");
        }
        String line = contentSha.isEmpty() ? PayloadMode.UNSIGNED_PAYLOAD.literal() : contentSha.get(0).value();
        PayloadMode mode = PayloadMode.fromPayloadLine(line);
        if (mode == null || mode.isStreaming()) {
            return ParseStep.rejected(AuthFailure.INVALID_CONTENT_SHA256);
        }
        return ParseStep.of(new PayloadLine(line, mode));
    }

    /**
     * Header auth: the {@code x-amz-content-sha256} header, trimmed.
     *
     * @param required whether the header must be present (S3); without it a generic SigV4 service signs the
     *                 empty body's hash
     * @return the line; {@link AuthFailure#MISSING_CONTENT_SHA256} if required and absent,
     *         {@link AuthFailure#INVALID_CONTENT_SHA256} if given twice or not a payload line
     */
    static ParseStep<PayloadLine> ofHeaders(HttpRequestView request, boolean required) {
        List<String> contentSha = request.headers(CONTENT_SHA256_HEADER);
        String line;
        if (contentSha.isEmpty()) {
            if (required) {
                return ParseStep.rejected(AuthFailure.MISSING_CONTENT_SHA256);
            }
            line = SigV4.EMPTY_BODY_SHA256;
        } else if (contentSha.size() > 1) {
            return ParseStep.rejected(AuthFailure.INVALID_CONTENT_SHA256, "x-amz-content-sha256 is given more than once");
        } else {
            line = contentSha.get(0).trim();
        }
        PayloadMode mode = PayloadMode.fromPayloadLine(line);
        return mode != null ? ParseStep.of(new PayloadLine(line, mode)) : ParseStep.rejected(AuthFailure.INVALID_CONTENT_SHA256);
    }
}
