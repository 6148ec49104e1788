package io.edgestorage.objects.blob.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A blob written to a fresh file through coalescing buffers. Body chunks (8–64 KiB each off the socket)
 * are copied into a direct buffer of up to {@code bufferSize} bytes, and each full buffer goes to the file
 * in one positional {@link FileChannel} write on a worker thread. Why: Vert.x {@code AsyncFile} hands
 * every chunk to a worker separately, which cost more CPU than the bytes themselves.
 *
 * <p>All methods run on one Vert.x context (the request's event loop). At most one worker task per blob
 * is in flight, so writes stay in order without an ordered executor (whose queue would be shared by every
 * request of the event loop). Memory is bounded: {@link #writeQueueFull()} is true while one buffer is
 * being written and another full one waits, so the caller pauses its source and holds at most about three
 * buffers. The file is opened by the first worker task, so a body that fits one buffer costs one task:
 * open, write, fsync, close. On abort or failure the file is removed.
 *
 * <p>The MD5 the commit reports is computed here, as the bytes are copied into the buffers: the body's only
 * MD5 pass (the body layer computes SHA-256 and the checksums, not MD5).
 */
final class CoalescingFileWrite implements BlobStore.BlobWrite {

    /** Runs file I/O off the event loop; the result is delivered back on the event loop. */
    interface Offload {
        Future<Void> run(Callable<Void> task);
    }

    private final Offload offload;
    private final ByteBufAllocator allocator;
    private final String id;
    private final Path path;
    private final int bufferSize;
    private final long expectedSize;
    private final boolean fsync;

    private final MessageDigest md5;
    /** The MD5 of all bytes, once they are all in. */
    private byte[] digest;
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
    private ByteBuf filling;
    private boolean writing;
    private long position;
    /** Bytes taken into buffers so far. */
    private long received;
    /** Opened and used only by worker tasks, one at a time; each task happens-after the previous one. */
    private FileChannel channel;
    private boolean closing;
    private Promise<Void> committed;
    private Throwable failure;
    /** Completes once the partial file is gone; created on the first failure or abort. */
    private Promise<Void> removed;
    private boolean removing;
    private Handler<Throwable> exceptionHandler;
    private Handler<Void> drainHandler;

    /**
     * @param expectedSize the body's length when the request declares it (-1 if not), so a small body
     *                     gets a buffer of its own size
     */
    CoalescingFileWrite(Context context, ByteBufAllocator allocator, String id, Path path, int bufferSize,
            long expectedSize, boolean fsync) {
        this(task -> context.executeBlocking(task, false), allocator, id, path, bufferSize, expectedSize, fsync);
    }

    CoalescingFileWrite(Offload offload, ByteBufAllocator allocator, String id, Path path, int bufferSize,
            long expectedSize, boolean fsync) {
        this.offload = offload;
        this.allocator = allocator;
        this.id = id;
        this.path = path;
        this.bufferSize = bufferSize;
        this.expectedSize = expectedSize;
        this.fsync = fsync;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String blobId() {
        return id;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (closing) {
            return Future.failedFuture(new IllegalStateException("blob already committed"));
        }
        ByteBuf src = data.getByteBuf();
        int from = src.readerIndex();
        int end = src.writerIndex();
        while (from < end) {
            if (filling == null) {
                filling = allocator.directBuffer(nextCapacity(), bufferSize);
            }
            int n = Math.min(end - from, filling.maxWritableBytes());
            md5.update(src.nioBuffer(from, n));
            filling.writeBytes(src, from, n);
            from += n;
            received += n;
            if (filling.writerIndex() == bufferSize) {
                waiting.add(filling);
                filling = null;
                pump();
                if (failure != null) {
                    // The task failed at once and fail() already ran inline: buffers filled from here on
                    // would never be released.
                    return Future.failedFuture(failure);
                }
            }
        }
        return Future.succeededFuture();
    }

    /**
     * A buffer as large as what the declared length still announces (so a 4 KiB body takes 4 KiB and a
     * large one never regrows); without a declared length, 64 KiB growing up to bufferSize.
     */
    private int nextCapacity() {
        long left = expectedSize - received;
        return left > 0 ? (int) Math.min(left, bufferSize) : Math.min(64 * 1024, bufferSize);
    }

    @Override
    public boolean writeQueueFull() {
        return writing && !waiting.isEmpty();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this; // bounded by the buffer size instead
    }

    @Override
    public Uni<BlobStore.Written> commit() {
        return UniBridge.defer(() -> flush().map(v -> new BlobStore.Written(id, received, digest())));
    }

    private byte[] digest() {
        if (digest == null) {
            digest = md5.digest();
        }
        return digest;
    }

    @Override
    public Uni<Void> abort() {
        return UniBridge.defer(this::remove);
    }

    /** Writes what is buffered, fsyncs (when configured) and closes; the last buffer travels with the fsync. */
    Future<Void> flush() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (committed == null) {
            committed = Promise.promise();
            closing = true;
            pump();
        }
        return committed.future();
    }

    /** Closes and deletes the partial file. */
    Future<Void> remove() {
        fail(new IllegalStateException("blob write aborted"), false);
        return removed.future();
    }

    /** Starts the next worker task if none is in flight. */
    private void pump() {
        if (writing || failure != null) {
            return;
        }
        ByteBuf next = waiting.poll();
        boolean last = next == null;
        if (last) {
            if (!closing) {
                return;
            }
            next = filling;
            filling = null;
        }
        ByteBuf data = next;
        long at = position;
        position += data == null ? 0 : data.readableBytes();
        writing = true;
        offload.run(() -> {
            if (data != null && data.isReadable()) {
                writeFully(data.nioBuffer(), at);
            }
            if (last) {
                FileChannel ch = open();
                channel = null;
                try (ch) {
                    if (fsync) {
                        ch.force(false); // data and the size needed to read it back, like AsyncFile.flush()
                    }
                }
            }
            return null;
        }).onComplete(ar -> {
            writing = false;
            if (data != null) {
                data.release();
            }
            if (ar.failed()) {
                fail(ar.cause(), true);
                return;
            }
            if (failure != null) { // aborted while the task ran
                removeFile();
                return;
            }
            if (last) {
                committed.tryComplete();
                return;
            }
            pump();
            if (!writeQueueFull() && drainHandler != null) {
                Handler<Void> h = drainHandler;
                drainHandler = null;
                h.handle(null);
            }
        });
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return channel;
    }

    private void writeFully(ByteBuffer src, long at) throws IOException {
        FileChannel ch = open();
        long pos = at;
        while (src.hasRemaining()) {
            pos += ch.write(src, pos);
        }
    }

    /** Frees the buffers, then (once no task is in flight) closes and deletes the file. */
    private void fail(Throwable cause, boolean notify) {
        if (failure == null) {
            failure = cause;
            if (filling != null) {
                filling.release();
                filling = null;
            }
            ByteBuf b;
            while ((b = waiting.poll()) != null) {
                b.release();
            }
            removed = Promise.promise();
            if (notify && exceptionHandler != null) {
                exceptionHandler.handle(cause);
            }
            if (committed != null) {
                committed.tryFail(cause);
            }
        }
        if (!writing) {
            removeFile(); // otherwise when the task in flight, which owns the channel, completes
        }
    }

    private void removeFile() {
        if (removing) {
            return;
        }
        removing = true;
        offload.run(() -> {
            FileChannel ch = channel;
            channel = null;
            try {
                if (ch != null) {
                    ch.close();
                }
            } finally {
                Files.deleteIfExists(path);
            }
            return null;
        }).onComplete(ar -> removed.tryComplete());
    }
}
