package io.edgestorage.objects.blob.s3;

import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;

/**
 * A blob of known length sent as one PutObject whose body streams as it arrives: the upstream request's own
 * write queue is the back-pressure, so a large body holds only what is in flight. The upstream's ETag of a
 * single PUT is the MD5 of what it stored, checked against ours before the blob is reported durable.
 */
final class StreamedPut extends UpstreamWrite {

    /** Bytes kept while the upstream connection is being opened. */
    private static final int EARLY_LIMIT = 256 * 1024;

    private final long length;
    private final ArrayDeque<Buffer> early = new ArrayDeque<>();
    private int earlyBytes;
    private Future<HttpClientRequest> opening;
    private HttpClientRequest request;
    private boolean stored;

    StreamedPut(S3Upstream upstream, Context context, String blobId, String key, long length) {
        super(upstream, context, blobId, key);
        this.length = length;
    }

    @Override
    protected void accept(Buffer data) {
        if (received > length) {
            fail(new IllegalStateException("blob " + blobId + " got more than its declared " + length + " bytes"));
            return;
        }
        if (request != null) {
            request.write(data.copy());
            return;
        }
        early.add(data.copy());
        earlyBytes += data.length();
        open();
    }

    private Future<HttpClientRequest> open() {
        if (opening == null) {
            opening = upstream.upload("PUT", key, null, Map.of(), length).onSuccess(r -> {
                r.exceptionHandler(this::fail);
                r.drainHandler(v -> drained());
                if (failure != null) {
                    r.reset();
                    return;
                }
                request = r;
                while (!early.isEmpty()) {
                    r.write(early.poll());
                }
                earlyBytes = 0;
                drained();
            }).onFailure(this::fail);
        }
        return opening;
    }

    @Override
    public boolean writeQueueFull() {
        return request == null ? earlyBytes >= EARLY_LIMIT : request.writeQueueFull();
    }

    @Override
    protected Future<BlobStore.Written> finish(byte[] md5) {
        if (received != length) {
            return Future.failedFuture(new IllegalStateException(
                    "blob " + blobId + " got " + received + " of its declared " + length + " bytes"));
        }
        return open().compose(r -> {
            r.end();
            return r.response();
        }).recover(e -> Future.failedFuture(S3Upstream.connectionFailure(e))).compose(S3Upstream::answer)
                .compose(answer -> {
                    if (!answer.ok()) {
                        return Future.failedFuture(S3Upstream.failure(answer, "PUT " + key));
                    }
                    stored = true;
                    String etag = answer.headers().get("ETag");
                    String expected = HexFormat.of().formatHex(md5);
                    if (etag != null && !etag.replace("\"", "").equalsIgnoreCase(expected)) {
                        return Future.failedFuture(new IllegalStateException("the upstream stored blob " + blobId
                                + " with ETag " + etag + " but its MD5 is " + expected));
                    }
                    return Future.succeededFuture(new BlobStore.Written(blobId, received, md5));
                });
    }

    @Override
    protected Future<Void> cancel() {
        early.clear();
        if (request != null && !stored) {
            request.reset();
        }
        if (stored) {
            return UniBridge.toFuture(upstream.call("DELETE", key, null, Map.of(), null)).mapEmpty();
        }
        return Future.succeededFuture();
    }
}
