package io.edgestorage.objects.body;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Where {@link BodyReceiver} puts the bytes of a body: a fresh blob (objects, parts) or memory (the small XML
 * documents of CompleteMultipartUpload, DeleteObjects, PutBucketCors, …). Receiving, aws-chunked decoding,
 * hashing and the deadlines in front of it are the same for both, so both refuse a malformed body alike.
 */
interface BodySink {

    /** The blob being written, or null when the body is kept in memory. */
    String blobId();

    void write(Buffer data);

    /** True while the sink takes no more for now: the request is paused until {@link #drainHandler}. */
    boolean writeQueueFull();

    void drainHandler(Handler<Void> handler);

    /** A write that failed after {@link #write} returned. */
    void exceptionHandler(Handler<Throwable> handler);

    /** Makes what was written durable (a blob is fsynced and closed) and reports its size and MD5. */
    Future<BlobStore.Written> commit();

    /** Drops what was written. */
    void abort();

    /** The blob {@code out}, as a sink. */
    static BodySink blob(BlobStore.BlobWrite out) {
        return new BodySink() {
            @Override
            public String blobId() {
                return out.blobId();
            }

            @Override
            public void write(Buffer data) {
                out.write(data);
            }

            @Override
            public boolean writeQueueFull() {
                return out.writeQueueFull();
            }

            @Override
            public void drainHandler(Handler<Void> handler) {
                out.drainHandler(handler);
            }

            @Override
            public void exceptionHandler(Handler<Throwable> handler) {
                out.exceptionHandler(handler);
            }

            @Override
            public Future<BlobStore.Written> commit() {
                return UniBridge.toFuture(out.commit());
            }

            @Override
            public void abort() {
                UniBridge.fireAndForget(out.abort());
            }
        };
    }

    /**
     * A body kept in memory. Its bound is the receiving plan's {@code maxSize}, checked before every write
     * (EntityTooLarge beyond it), so it never holds more than the operation allows.
     */
    final class Memory implements BodySink {
        private Buffer bytes;

        /** @param expectedSize the declared length (at most the plan's bound), or -1 */
        Memory(long expectedSize) {
            this.bytes = Buffer.buffer((int) Math.max(0, expectedSize));
        }

        /** What was received (after the receiver has completed). */
        Buffer bytes() {
            return bytes;
        }

        @Override
        public String blobId() {
            return null;
        }

        @Override
        public void write(Buffer data) {
            bytes.appendBuffer(data); // a copy: data is a view of the request's own buffer
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void drainHandler(Handler<Void> handler) {
            // never full
        }

        @Override
        public void exceptionHandler(Handler<Throwable> handler) {
            // writing to memory does not fail later
        }

        @Override
        public Future<BlobStore.Written> commit() {
            try {
                byte[] md5 = MessageDigest.getInstance("MD5").digest(bytes.getBytes());
                return Future.succeededFuture(new BlobStore.Written(null, bytes.length(), md5));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void abort() {
            bytes = Buffer.buffer(0);
        }
    }
}
