package io.edgestorage.sigv4.chunked;

import io.edgestorage.sigv4.S3ProtocolError;

/** Every distinct reason an aws-chunked body is refused, with the S3 error code and status for it. */
public enum ChunkedFailure implements S3ProtocolError {
    /** A chunk header line that is not {@code <hex size>[;chunk-signature=<64 hex>]}. */
    MALFORMED_CHUNK_HEADER("InvalidRequest", 400, "Malformed aws-chunked chunk header"),
    /** A chunk header line longer than the limit (defends against unbounded buffering). */
    CHUNK_HEADER_TOO_LONG("InvalidRequest", 400, "aws-chunked chunk header line too long"),
    /** A chunk larger than the configured maximum. */
    CHUNK_TOO_LARGE("InvalidRequest", 400, "aws-chunked chunk too large"),
    /** A signed-chunk mode chunk without {@code chunk-signature}. */
    MISSING_CHUNK_SIGNATURE("InvalidRequest", 400, "aws-chunked chunk signature missing"),
    /** A chunk whose signature does not match the chain. */
    BAD_CHUNK_SIGNATURE("SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided."),
    /** Chunk data not followed by CRLF. */
    MALFORMED_CHUNK_TERMINATOR("InvalidRequest", 400, "aws-chunked chunk data not terminated by CRLF"),
    /** A trailer line that is not {@code name:value}, or trailers over the size limit. */
    MALFORMED_TRAILER("InvalidRequest", 400, "Malformed aws-chunked trailer"),
    /** Signed-trailer mode without {@code x-amz-trailer-signature}. */
    MISSING_TRAILER_SIGNATURE("InvalidRequest", 400, "aws-chunked trailer signature missing"),
    /** Trailer signature does not match. */
    BAD_TRAILER_SIGNATURE("SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided."),
    /** A trailer declared in {@code x-amz-trailer} is missing from the body. */
    MISSING_TRAILER("InvalidRequest", 400, "A trailer declared in x-amz-trailer is missing"),
    /** A trailer present in the body but not declared in {@code x-amz-trailer}. */
    UNDECLARED_TRAILER("InvalidRequest", 400, "A trailer was sent that x-amz-trailer does not declare"),
    /** Decoded bytes differ from {@code x-amz-decoded-content-length}. */
    DECODED_LENGTH_MISMATCH("IncompleteBody", 400,
            "You did not provide the number of bytes specified by the x-amz-decoded-content-length header"),
    /** The body ended before the final chunk (and trailer) was complete. */
    TRUNCATED_BODY("IncompleteBody", 400, "The request body terminated unexpectedly"),
    /** Bytes after the end of the aws-chunked body. */
    DATA_AFTER_END("InvalidRequest", 400, "Unexpected data after the end of the aws-chunked body");

    private final Definition definition;

    ChunkedFailure(String code, int httpStatus, String message) {
        this.definition = new Definition(code, httpStatus, message);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
