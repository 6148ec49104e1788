package io.edgestorage.sigv4.chunked;

/** Thrown by {@link AwsChunkedDecoder} when the body is refused; carries the one {@link ChunkedFailure}. */
public final class ChunkedDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ChunkedFailure failure;

    public ChunkedDecodingException(ChunkedFailure failure, String detail) {
        super(failure + ": " + detail, null, false, false); // no stack trace: a client error, not a bug
        this.failure = failure;
    }

    public ChunkedFailure failure() {
        return failure;
    }
}
