package io.edgestorage.sigv4;

/**
 * One refusal a client sees as an S3 error document: the {@code Code}, the HTTP status and S3's message.
 * Every failure this module reports ({@link AuthFailure}, {@link io.edgestorage.sigv4.chunked.ChunkedFailure})
 * is one, so a service turns any of them into its S3 response by these three values, without matching on
 * code strings. A catalogue of errors (an enum) holds one {@link Definition} per constant.
 */
public interface S3ProtocolError {

    /** The three values that define an S3 error. */
    record Definition(String code, int httpStatus, String message) {
    }

    Definition definition();

    /** The S3 error {@code Code}, e.g. {@code SignatureDoesNotMatch}. */
    default String code() {
        return definition().code();
    }

    /** The HTTP status S3 answers with. */
    default int httpStatus() {
        return definition().httpStatus();
    }

    /** S3's message for the refusal, used when there is no more specific detail. */
    default String message() {
        return definition().message();
    }
}
