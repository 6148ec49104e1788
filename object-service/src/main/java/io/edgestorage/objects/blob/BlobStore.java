package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * Where object bytes live. A blob is written once under a fresh id, made durable, and only then made
 * visible by one metadata commit; it is never modified afterwards, so a reader never sees a torn or
 * mixed object.
 */
public interface BlobStore {

    /** A blob being written; {@link #commit()} makes it durable, {@link #abort()} removes it. */
    interface BlobWrite extends WriteStream<Buffer> {
        String blobId();

        /** Flushes to stable storage (fsync) and closes. */
        Future<Void> commit();

        /** Closes and deletes the partial blob. */
        Future<Void> abort();
    }

    /** One piece of an existing blob. */
    record Segment(String blobId, long offset, long length) {
    }

    /**
     * Opens a fresh blob for writing.
     *
     * @param expectedSize the body's declared length, or -1 when unknown (a hint for buffer sizes only)
     */
    Future<BlobWrite> create(long expectedSize);

    /**
     * Sends {@code length} bytes from {@code offset} of the blob, whose whole size is {@code blobSize},
     * as the response body (zero-copy where possible).
     */
    Future<Void> send(HttpServerResponse response, String blobId, long blobSize, long offset, long length);

    /** The whole blob in memory; only for small blobs (the small-blob cache). */
    Future<Buffer> readAll(String blobId);

    /** A blob made by {@link #compose}: its id, size and MD5 (hex). */
    record Composed(String blobId, long size, String md5Hex) {
    }

    /** A new durable blob made of the segments in order (copy, multipart completion). */
    Uni<Composed> compose(List<Segment> segments);

    /** Deletes the blob now. */
    Future<Void> delete(String blobId);

    /** Deletes the blob after the grace period, so readers that already opened it finish. */
    void deleteLater(String blobId);

    /**
     * Deletes blobs older than {@code minAge} for which {@code referenced} says no; blocking, for a worker.
     *
     * @return how many were deleted
     */
    int sweep(Duration minAge, Function<List<String>, Set<String>> referenced);
}
