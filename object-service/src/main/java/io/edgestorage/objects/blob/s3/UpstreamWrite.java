package io.edgestorage.objects.blob.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * What both upstream writes share: the MD5 and byte count of what went in, the first failure (every later
 * write and the commit report it), and the drain handler, called on the writer's context.
 */
abstract class UpstreamWrite implements BlobStore.BlobWrite {

    protected final S3Upstream upstream;
    protected final Context context;
    protected final String blobId;
    protected final String key;
    private final MessageDigest md5;
    protected long received;
    protected Throwable failure;
    private Handler<Void> drainHandler;
    private boolean closing;

    UpstreamWrite(S3Upstream upstream, Context context, String blobId, String key) {
        this.upstream = upstream;
        this.context = context;
        this.blobId = blobId;
        this.key = key;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes bytes already counted and hashed; copies what it keeps (the caller may reuse the buffer). */
    protected abstract void accept(Buffer data);

    /** Sends what is left and reports the durable blob. */
    protected abstract Future<BlobStore.Written> finish(byte[] md5);

    /** Drops whatever was sent upstream. */
    protected abstract Future<Void> cancel();

    @Override
    public String blobId() {
        return blobId;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (closing) {
            return Future.failedFuture(new IllegalStateException("blob already committed"));
        }
        md5.update(data.getByteBuf().nioBuffer());
        received += data.length();
        accept(data);
        return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }

    /** Room again: the writer may go on (on its own context). */
    protected void drained() {
        Handler<Void> handler = drainHandler;
        if (handler != null && !writeQueueFull()) {
            drainHandler = null;
            context.runOnContext(handler);
        }
    }

    /** Remembers the first failure and wakes a writer waiting for room, which then sees it. */
    protected void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        Handler<Void> handler = drainHandler;
        if (handler != null) {
            drainHandler = null;
            context.runOnContext(handler);
        }
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public Uni<BlobStore.Written> commit() {
        return UniBridge.defer(() -> {
            if (failure != null) {
                return cancel().transform(x -> Future.failedFuture(failure));
            }
            closing = true;
            return finish(md5.digest()).recover(e -> {
                fail(e);
                return cancel().transform(x -> Future.failedFuture(e));
            });
        });
    }

    @Override
    public Uni<Void> abort() {
        return UniBridge.defer(() -> {
            fail(new IllegalStateException("blob write aborted"));
            closing = true;
            return cancel();
        });
    }
}
