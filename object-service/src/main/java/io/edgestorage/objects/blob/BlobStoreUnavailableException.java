package io.edgestorage.objects.blob;

/**
 * The store could not do what was asked right now (an upstream that is down, slow, throttling or answered
 * with a server error). {@link #throttled()} is an upstream asking to slow down. Never a lost write: a blob
 * whose write failed this way was not committed.
 */
public final class BlobStoreUnavailableException extends RuntimeException {

    private final boolean throttled;

    public BlobStoreUnavailableException(String message, boolean throttled, Throwable cause) {
        super(message, cause);
        this.throttled = throttled;
    }

    public boolean throttled() {
        return throttled;
    }
}
