package io.edgestorage.objects.blob.s3;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.sigv4.UriEncoding;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A large blob, or one of unknown length, sent as an upstream multipart upload: bytes gather into parts of
 * {@code partSize}, at most {@code parallelism} parts are in flight (the writer is paused meanwhile), each
 * part is retried on its own since its bytes are still in memory. A body that ends before its first part is
 * full goes up as one PutObject with its Content-MD5. Memory per write: about {@code (parallelism + 1)}
 * parts.
 */
final class PartedPut extends UpstreamWrite {

    private final int partSize;
    private final int parallelism;
    private final List<Future<String>> partEtags = new ArrayList<>();
    private Buffer filling;
    private int inFlight;
    private Future<String> uploadId;

    PartedPut(S3Upstream upstream, Context context, String blobId, String key, int partSize, int parallelism) {
        super(upstream, context, blobId, key);
        this.partSize = partSize;
        this.parallelism = parallelism;
    }

    @Override
    protected void accept(Buffer data) {
        int from = 0;
        while (from < data.length()) {
            if (filling == null) {
                filling = Buffer.buffer(partSize);
            }
            int n = Math.min(data.length() - from, partSize - filling.length());
            filling.appendBuffer(data, from, n);
            from += n;
            if (filling.length() == partSize) {
                sendPart(filling);
                filling = null;
            }
        }
    }

    @Override
    public boolean writeQueueFull() {
        return inFlight >= parallelism;
    }

    private Future<String> uploadId() {
        if (uploadId == null) {
            uploadId = UniBridge.toFuture(upstream.call("POST", key, "uploads=", Map.of(), null)).compose(answer -> {
                String id = answer.ok() ? UpstreamXml.parse(answer.body(), null).field("UploadId") : null;
                return id == null || id.isEmpty()
                        ? Future.failedFuture(S3Upstream.failure(answer, "CreateMultipartUpload " + key))
                        : Future.succeededFuture(id);
            });
        }
        return uploadId;
    }

    private void sendPart(Buffer part) {
        int number = partEtags.size() + 1;
        inFlight++;
        Future<String> etag = uploadId().compose(id -> UniBridge.toFuture(upstream.call("PUT", key,
                "partNumber=" + number + "&uploadId=" + UriEncoding.encode(id, false), Map.of(), part)))
                .compose(answer -> answer.ok() && answer.headers().get("ETag") != null
                        ? Future.succeededFuture(answer.headers().get("ETag"))
                        : Future.failedFuture(S3Upstream.failure(answer, "UploadPart " + number + " of " + key)));
        partEtags.add(etag);
        etag.onComplete(ar -> {
            inFlight--;
            if (ar.failed()) {
                fail(ar.cause());
            } else {
                drained();
            }
        });
    }

    @Override
    protected Future<BlobStore.Written> finish(byte[] md5) {
        if (partEtags.isEmpty()) {
            Buffer body = filling == null ? Buffer.buffer() : filling;
            filling = null;
            return UniBridge.toFuture(upstream.call("PUT", key, null,
                    Map.of("content-md5", Base64.getEncoder().encodeToString(md5)), body)).compose(answer -> answer.ok()
                            ? Future.succeededFuture(new BlobStore.Written(blobId, received, md5))
                            : Future.failedFuture(S3Upstream.failure(answer, "PUT " + key)));
        }
        if (filling != null && filling.length() > 0) {
            sendPart(filling);
            filling = null;
        }
        return Future.all(new ArrayList<>(partEtags)).compose(all -> uploadId())
                .compose(id -> UniBridge.toFuture(upstream.completeMultipart(key, "uploadId=" + UriEncoding.encode(id, false),
                        partEtags.stream().map(Future::result).toList())))
                .map(v -> new BlobStore.Written(blobId, received, md5));
    }

    @Override
    protected Future<Void> cancel() {
        filling = null;
        if (uploadId == null) {
            return Future.succeededFuture();
        }
        return uploadId.compose(id -> UniBridge.toFuture(upstream.call("DELETE", key,
                "uploadId=" + UriEncoding.encode(id, false), Map.of(), null))).<Void>mapEmpty()
                .otherwise(e -> null); // the sweep aborts what could not be aborted now
    }
}
