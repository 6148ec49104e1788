package io.edgestorage.objects.body;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.auth.TransferGuard;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.checksum.ChecksumHasher;
import io.edgestorage.sigv4.chunked.AwsChunkedDecoder;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Streams a request body into a {@link BodySink} with back-pressure (the request is paused while the sink is
 * full), decoding aws-chunked on the way and computing SHA-256 and the requested checksums as bytes
 * pass (the MD5 is the sink's: a blob store computes it as it takes the bytes). A blob sink holds nothing but the bytes in flight and is fsynced before the future completes; a
 * memory sink (small XML documents) keeps the body, bounded by the plan. On any failure the sink is dropped.
 */
public final class BodyReceiver {

    /** What was received; {@code blobId} is null when the body was kept in memory. */
    public record Received(String blobId, long size, byte[] md5, String sha256Hex,
            Map<ChecksumAlgorithm, String> checksums, Map<String, String> trailers) {

        public String md5Hex() {
            return HexFormat.of().formatHex(md5);
        }
    }

    /**
     * @param decoder      aws-chunked decoder, or null for a plain body
     * @param computeSha256 whether to compute the body's SHA-256
     * @param algorithms   the checksums to compute
     * @param maxSize      refuse bodies larger than this
     * @param expectedSize the declared (decoded) length, or -1; sizes the first write buffer
     * @param limits       how slowly the client may send before the request fails with RequestTimeout
     * @param credential   watches the signer's key while the body streams: a revoked key fails the upload
     */
    public record Plan(AwsChunkedDecoder decoder, boolean computeSha256, Set<ChecksumAlgorithm> algorithms,
            long maxSize, long expectedSize, BodyLimits limits, TransferGuard.Watch credential) {
    }

    private BodyReceiver() {
    }

    /** Streams the body into a fresh blob of {@code store}; the blob is removed on failure. */
    public static Future<Received> receive(Vertx vertx, HttpServerRequest request, BlobStore store, Plan plan) {
        return UniBridge.toFuture(store.create(plan.expectedSize()))
                .compose(out -> receive(vertx, request, BodySink.blob(out), plan));
    }

    /** Streams the body into {@code sink} (a blob, or memory for small documents), checked and hashed alike. */
    static Future<Received> receive(Vertx vertx, HttpServerRequest request, BodySink sink, Plan plan) {
        Promise<Received> promise = Promise.promise();
        new Flow(vertx, request, sink, plan, promise).start();
        return promise.future();
    }

    private static final class Flow {
        private final HttpServerRequest request;
        private final BodySink out;
        private final Plan plan;
        private final Promise<Received> promise;
        private final MessageDigest sha256;
        private final Map<ChecksumAlgorithm, ChecksumHasher> hashers = new EnumMap<>(ChecksumAlgorithm.class);
        private final Vertx vertx;
        private IdleTimeout idle;
        private Runnable stopWatch;
        private long size;
        private boolean failed;

        Flow(Vertx vertx, HttpServerRequest request, BodySink out, Plan plan, Promise<Received> promise) {
            this.vertx = vertx;
            this.request = request;
            this.out = out;
            this.plan = plan;
            this.promise = promise;
            this.sha256 = plan.computeSha256() ? digest("SHA-256") : null;
            for (ChecksumAlgorithm a : plan.algorithms()) {
                hashers.put(a, a.newHasher());
            }
        }

        void start() {
            out.exceptionHandler(this::fail);
            request.exceptionHandler(this::fail);
            request.handler(this::onData);
            request.endHandler(v -> onEnd());
            idle = IdleTimeout.start(vertx, plan.limits(), () -> fail(S3Error.REQUEST_TIMEOUT.exception()));
            stopWatch = plan.credential().start(this::fail);
            request.resume();
        }

        private void onData(Buffer buffer) {
            if (failed) {
                return;
            }
            idle.touch(buffer.length());
            try {
                ByteBuffer nio = buffer.getByteBuf().nioBuffer();
                if (plan.decoder() != null) {
                    plan.decoder().feed(nio, this::accept);
                } else {
                    accept(nio);
                }
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (out.writeQueueFull()) {
                request.pause();
                idle.suspend();
                out.drainHandler(v -> {
                    if (!failed) {
                        idle.touch(0);
                        request.resume();
                    }
                });
            }
        }

        private void onEnd() {
            if (failed) {
                return;
            }
            idle.stop();
            try {
                if (plan.decoder() != null) {
                    plan.decoder().finish();
                }
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            out.commit().onComplete(ar -> {
                if (failed) {
                    return; // cut while the blob was made durable (fail aborted it): never published
                }
                stopWatch.run();
                if (ar.failed()) {
                    fail(ar.cause());
                    return;
                }
                promise.tryComplete(received(ar.result()));
            });
        }

        /** The body is durable: what was received, with the sink's digest and this flow's. */
        private Received received(BlobStore.Written written) {
            Map<ChecksumAlgorithm, String> sums = new EnumMap<>(ChecksumAlgorithm.class);
            hashers.forEach((a, h) -> sums.put(a, h.digestBase64()));
            return new Received(written.blobId(), written.size(), written.md5(),
                    sha256 == null ? null : HexFormat.of().formatHex(sha256.digest()), sums,
                    plan.decoder() == null ? Map.of() : plan.decoder().trailers());
        }

        private void accept(ByteBuffer data) {
            int n = data.remaining();
            size += n;
            if (size > plan.maxSize()) {
                throw S3Error.ENTITY_TOO_LARGE.exception();
            }
            if (sha256 != null) {
                sha256.update(data.duplicate());
            }
            for (ChecksumHasher h : hashers.values()) {
                h.update(data.duplicate());
            }
            out.write(Buffer.buffer(Unpooled.wrappedBuffer(data)));
        }

        private void fail(Throwable t) {
            if (failed) {
                return;
            }
            failed = true;
            if (idle != null) {
                idle.stop();
            }
            if (stopWatch != null) {
                stopWatch.run();
            }
            request.handler(null);
            request.endHandler(null);
            out.abort();
            promise.tryFail(map(t));
        }
    }

    /** Any failure while receiving as the client sees it: an S3 refusal as it is, anything else IncompleteBody. */
    static S3Exception map(Throwable t) {
        S3Exception s3 = S3Exception.from(t);
        return s3 != null ? s3
                : S3Error.INCOMPLETE_BODY.exception("The request body could not be read to its end: " + t.getMessage());
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
