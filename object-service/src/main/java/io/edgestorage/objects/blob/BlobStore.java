package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Where object bytes live: the interface a storage backend implements (the filesystem store in
 * {@code blob.fs}; decorators such as {@link SmallBlobCache} and {@link DelayedDeleteStore} wrap any of them).
 * A blob is written once under a fresh id, made durable, and only then made visible by one metadata commit;
 * it is never modified afterwards, so a reader never sees a torn or mixed object.
 *
 * <p>Every operation is a {@link Uni} and, as Mutiny's are, starts when subscribed: a caller that does not
 * wait for a delete still subscribes to it ({@link UniBridge#fireAndForget}). No HTTP type appears here; the
 * S3 layer decides how a {@link BlobRead} reaches the client. {@code BlobStoreContract} in the tests is what an
 * implementation must pass.
 */
public interface BlobStore {

    /**
     * A blob being written, fed with back-pressure as a Vert.x {@link WriteStream} (pause the source while
     * {@link #writeQueueFull()}). {@link #commit()} makes it durable, {@link #abort()} removes it; a write
     * neither committed nor aborted (a crash) is an orphan that only the sweeper ever sees.
     */
    interface BlobWrite extends WriteStream<Buffer> {
        String blobId();

        /** Flushes to stable storage and closes; reports the size and MD5 of what was written. */
        Uni<Written> commit();

        /** Closes and deletes the partial blob. */
        Uni<Void> abort();

        @Override
        default void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                written.onComplete(handler);
            }
        }

        /** As {@link #commit()}, for a caller that knows the blob only as a write stream. */
        @Override
        default void end(Handler<AsyncResult<Void>> handler) {
            Future<Void> committed = UniBridge.toFuture(commit()).mapEmpty();
            if (handler != null) {
                committed.onComplete(handler);
            }
        }
    }

    /** A durable blob: its id, size and MD5, computed by the store as the bytes went in (null only from {@link #join}). */
    record Written(String blobId, long size, byte[] md5) {

        public String md5Hex() {
            return HexFormat.of().formatHex(md5);
        }
    }

    /** One piece of an existing blob. */
    record Segment(String blobId, long offset, long length) {
    }

    /**
     * Opens a fresh blob for writing.
     *
     * @param expectedSize the body's declared length, or -1 when unknown (a hint for buffer sizes only)
     */
    Uni<BlobWrite> create(long expectedSize);

    /**
     * Opens {@code length} bytes from {@code offset} of a blob whose size (as its metadata recorded it) is
     * {@code blobSize}. Fails with {@link BlobRangeException} when the range is not inside the blob; a blob
     * that does not exist fails with {@link NoSuchBlobException}, here or when its content is read.
     */
    Uni<BlobRead> open(String blobId, long blobSize, long offset, long length);

    /** A new durable blob made of the segments in order, with its MD5 (a copy, whose ETag it is). */
    Uni<Written> compose(List<Segment> segments);

    /**
     * As {@link #compose}, for a caller that needs no MD5 (multipart completion: its ETag comes from the
     * parts). A store that can join blobs without reading them does so and reports a null MD5.
     */
    default Uni<Written> join(List<Segment> segments) {
        return compose(segments);
    }

    /** Deletes the blob now; a blob that is already gone is no failure. */
    Uni<Void> delete(String blobId);

    /** Deletes the blobs now, as {@link #delete} each; a store may do it in one round (one worker task). */
    default Uni<Void> deleteAll(List<String> blobIds) {
        return Multi.createFrom().iterable(blobIds).onItem().transformToUniAndConcatenate(this::delete)
                .collect().last().replaceWithVoid();
    }

    /**
     * Deletes the blob once readers that already opened it are done. Without a grace period (no
     * {@link DelayedDeleteStore} around the store) that is now.
     */
    default void deleteLater(String blobId) {
        UniBridge.fireAndForget(delete(blobId));
    }

    /**
     * The ids of blobs last written more than {@code minAge} ago, in pages of at most {@code pageSize}, read
     * as the subscriber asks for them (the sweeper's candidates: committed blobs, and writes never
     * committed). Listing never blocks the caller's thread; a part of the store that cannot be listed is
     * logged and passed over.
     */
    Multi<List<String>> listOlderThan(Duration minAge, int pageSize);
}
