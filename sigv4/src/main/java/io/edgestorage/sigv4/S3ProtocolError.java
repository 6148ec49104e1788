package io.edgestorage.sigv4;

/**
 * One refusal a client sees as an S3 error document: the {@code Code}, the HTTP status and S3's message.
 * Every failure this module reports ({@link AuthFailure}, {@link io.edgestorage.sigv4.chunked.ChunkedFailure})
 * is one, so a service turns any of them into its S3 response by these three values, without matching on
 * code strings.
 */
public interface S3ProtocolError {

    /** The S3 error {@code Code}, e.g. {@code SignatureDoesNotMatch}. */
    String code();

    /** The HTTP status S3 answers with. */
    int httpStatus();

    /** S3's message for the refusal, used when there is no more specific detail. */
    String message();
}
