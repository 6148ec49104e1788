package io.edgestorage.objects.blob;

/** The blob is not in the store (never written, aborted, or deleted). */
public final class NoSuchBlobException extends RuntimeException {

    public NoSuchBlobException(String blobId, Throwable cause) {
        super("no blob " + blobId, cause);
    }
}
