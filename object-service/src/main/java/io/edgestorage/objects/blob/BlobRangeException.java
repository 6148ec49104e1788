package io.edgestorage.objects.blob;

/** A read of bytes that are not inside the blob. */
public final class BlobRangeException extends IllegalArgumentException {

    public BlobRangeException(String message) {
        super(message);
    }
}
