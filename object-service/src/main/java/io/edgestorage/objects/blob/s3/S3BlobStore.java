package io.edgestorage.objects.blob.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobRangeException;
import io.edgestorage.objects.blob.BlobRead;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.NoSuchBlobException;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.sigv4.UriEncoding;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.MultiHelper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

/**
 * Blobs as objects of an upstream S3-compatible service (Ceph RGW, MinIO, AWS S3), named
 * {@code <prefix><blob id>} in one bucket, never after the user's keys; metadata stays in PostgreSQL. Writes
 * stream up ({@link StreamedPut}, {@link PartedPut}), reads stream down with back-pressure, a join of large
 * parts is copied by the upstream itself ({@link #join}). Failures of the upstream are
 * {@code BlobStoreUnavailableException} (ServiceUnavailable, SlowDown) or, for a refusal that retrying cannot
 * cure, {@link IllegalStateException} (InternalError). Decision 015 says why and what it costs.
 */
public final class S3BlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);
    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{32}");
    /** Largest range S3 copies into one part. */
    private static final long MAX_COPY_PART = 5L * 1024 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;
    private static final int COPY_PARALLELISM = 4;

    private final Vertx vertx;
    private final S3Upstream upstream;
    private final S3StoreSettings settings;
    private final Clock clock;

    public S3BlobStore(Vertx vertx, S3StoreSettings settings) {
        this(vertx, settings, Clock.systemUTC());
    }

    S3BlobStore(Vertx vertx, S3StoreSettings settings, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
        this.upstream = new S3Upstream(vertx, settings, clock);
    }

    String key(String blobId) {
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return settings.prefix() + blobId;
    }

    @Override
    public Uni<BlobWrite> create(long expectedSize) {
        String id = UUID.randomUUID().toString().replace("-", "");
        if (expectedSize >= 0 && expectedSize <= settings.multipartThreshold()) {
            return Uni.createFrom().item(new StreamedPut(upstream, vertx.getOrCreateContext(), id, key(id), expectedSize));
        }
        return Uni.createFrom().item(new PartedPut(upstream, vertx.getOrCreateContext(), id, key(id),
                settings.partSize(), settings.partParallelism()));
    }

    /**
     * Sends the GET now, so a missing blob or an upstream failure is known before the S3 layer answers; the
     * body waits, paused, for the reader.
     */
    @Override
    public Uni<BlobRead> open(String blobId, long blobSize, long offset, long length) {
        try {
            BlobRead.requireInside(blobId, blobSize, offset, length);
            if (length == 0) {
                return Uni.createFrom().item(BlobRead.of(Buffer.buffer()));
            }
            return read(blobId, offset, length, offset == 0 && length == blobSize);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Uni<BlobRead> read(String blobId, long offset, long length, boolean whole) {
        Map<String, String> range = whole ? Map.of() : Map.of("range", "bytes=" + offset + "-" + (offset + length - 1));
        return upstream.get(key(blobId), range).flatMap(response -> UniBridge.defer(() -> opened(blobId, response,
                whole, length)));
    }

    private Future<BlobRead> opened(String blobId, HttpClientResponse response, boolean whole, long length) {
        int status = response.statusCode();
        if (status == (whole ? 200 : 206)) {
            return Future.succeededFuture(new UpstreamRead(blobId, response, length));
        }
        return S3Upstream.answer(response).compose(answer -> Future.failedFuture(switch (status) {
            case 404 -> new NoSuchBlobException(blobId, S3Upstream.failure(answer, "GET " + key(blobId)));
            case 416 -> new BlobRangeException("the upstream has no such range of blob " + blobId);
            default -> S3Upstream.failure(answer, "GET " + key(blobId));
        }));
    }

    /**
     * A range as the upstream sends it: piped to the client as the response stream it is (no Mutiny operator per
     * buffer, decision 006), or as a {@code Multi} that checks the length.
     */
    private record UpstreamRead(String blobId, HttpClientResponse response, long length) implements BlobRead {

        @Override
        public Multi<Buffer> content() {
            long[] read = {0};
            return MultiHelper.toMulti(response)
                    .onItem().invoke(b -> read[0] += b.length())
                    .onCompletion().call(() -> read[0] == length ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new IllegalStateException("the upstream sent " + read[0]
                                    + " of the " + length + " bytes of blob " + blobId)));
        }

        /** The upstream's Content-Length is the range's: a body cut short fails the stream, as a reset does. */
        @Override
        public Optional<ReadStream<Buffer>> readStream() {
            return Optional.of(response);
        }
    }

    /** A new blob of the segments, streamed through this process so its MD5 is known (a copy's ETag). */
    @Override
    public Uni<Written> compose(List<Segment> segments) {
        long total = segments.stream().mapToLong(Segment::length).sum();
        return create(total).flatMap(write -> {
            Uni<Void> copied = Uni.createFrom().voidItem();
            for (Segment s : segments) {
                copied = copied.flatMap(v -> s.length() == 0 ? Uni.createFrom().voidItem()
                        : read(s.blobId(), s.offset(), s.length(), false)
                                .flatMap(read -> UniBridge.defer(() -> MultiHelper.toReadStream(read.content())
                                        .pipe().endOnSuccess(false).endOnFailure(false).to(write))));
            }
            return copied.flatMap(v -> write.commit()).onFailure().call(e -> write.abort());
        });
    }

    /**
     * Multipart completion: when every segment but the last has S3's minimum part size, the upstream copies
     * the parts into the new object (UploadPartCopy) and no byte passes through here; the MD5 is then not
     * known (null). Otherwise as {@link #compose}.
     */
    @Override
    public Uni<Written> join(List<Segment> segments) {
        if (!copyable(segments)) {
            return compose(segments);
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String target = key(id);
        long total = segments.stream().mapToLong(Segment::length).sum();
        return upstream.call("POST", target, "uploads=", Map.of(), null).flatMap(answer -> {
            String uploadId = answer.ok() ? UpstreamXml.parse(answer.body(), null).field("UploadId") : null;
            if (uploadId == null || uploadId.isEmpty()) {
                return Uni.createFrom().failure(S3Upstream.failure(answer, "CreateMultipartUpload " + target));
            }
            String upload = "uploadId=" + UriEncoding.encode(uploadId, false);
            List<Integer> numbers = new ArrayList<>();
            for (int i = 1; i <= segments.size(); i++) {
                numbers.add(i);
            }
            return Multi.createFrom().iterable(numbers)
                    .onItem().transformToUni(n -> copyPart(target, upload, n, segments.get(n - 1)))
                    .merge(COPY_PARALLELISM).collect().asList()
                    .flatMap(etags -> {
                        String[] byNumber = new String[segments.size()];
                        etags.forEach(e -> byNumber[e.number() - 1] = e.etag());
                        return upstream.completeMultipart(target, upload, List.of(byNumber));
                    })
                    .map(v -> new Written(id, total, null))
                    .onFailure().call(e -> upstream.call("DELETE", target, upload, Map.of(), null)
                            .onFailure().recoverWithNull().replaceWithVoid());
        });
    }

    private record PartEtag(int number, String etag) {
    }

    private Uni<PartEtag> copyPart(String target, String upload, int number, Segment s) {
        Map<String, String> headers = Map.of("x-amz-copy-source", upstream.copySource(key(s.blobId())),
                "x-amz-copy-source-range", "bytes=" + s.offset() + "-" + (s.offset() + s.length() - 1));
        return upstream.call("PUT", target, "partNumber=" + number + "&" + upload, headers, null).flatMap(answer -> {
            String etag = answer.ok() ? UpstreamXml.parse(answer.body(), null).field("ETag") : null;
            return etag == null || etag.isEmpty()
                    ? Uni.createFrom().failure(S3Upstream.failure(answer, "UploadPartCopy " + number + " of " + target))
                    : Uni.createFrom().item(new PartEtag(number, etag));
        });
    }

    private static boolean copyable(List<Segment> segments) {
        if (segments.isEmpty() || segments.size() > MAX_PARTS) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            long length = segments.get(i).length();
            boolean last = i == segments.size() - 1;
            if (length == 0 || length > MAX_COPY_PART || !last && length < S3StoreSettings.MIN_PART_SIZE) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Uni<Void> delete(String blobId) {
        return upstream.call("DELETE", key(blobId), null, Map.of(), null).flatMap(answer ->
                answer.ok() || answer.status() == 404 ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(S3Upstream.failure(answer, "DELETE " + key(blobId))));
    }

    /** DeleteObjects, a thousand keys a request. */
    @Override
    public Uni<Void> deleteAll(List<String> blobIds) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < blobIds.size(); i += DELETE_BATCH) {
            batches.add(blobIds.subList(i, Math.min(blobIds.size(), i + DELETE_BATCH)));
        }
        return Multi.createFrom().iterable(batches).onItem().transformToUniAndConcatenate(this::deleteBatch)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> deleteBatch(List<String> blobIds) {
        Xml xml = Xml.plainDocument("Delete").element("Quiet", "true");
        for (String id : blobIds) {
            xml.open("Object").element("Key", key(id)).close("Object");
        }
        Buffer body = Buffer.buffer(xml.end("Delete"));
        Map<String, String> headers = Map.of("content-md5", Base64.getEncoder().encodeToString(md5(body)),
                "content-type", "application/xml");
        return upstream.call("POST", null, "delete=", headers, body).flatMap(answer -> {
            if (!answer.ok()) {
                return Uni.createFrom().failure(S3Upstream.failure(answer, "DeleteObjects"));
            }
            List<Map<String, String>> errors = UpstreamXml.parse(answer.body(), "Error").records();
            errors.removeIf(e -> "NoSuchKey".equals(e.get("Code")));
            return errors.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(new IllegalStateException("the upstream did not delete "
                            + errors.size() + " blobs, e.g. " + errors.get(0)));
        });
    }

    /**
     * Committed blobs older than {@code minAge}, one ListObjectsV2 page at a time; then the upstream
     * multipart uploads of writes that were never committed nor aborted (a crash), aborted as they are found
     * since nothing can refer to them. A failing listing is logged and ends the sweep's view.
     */
    @Override
    public Multi<List<String>> listOlderThan(Duration minAge, int pageSize) {
        return Multi.createFrom().deferred(() -> {
            Instant cutoff = clock.instant().minus(minAge);
            AtomicReference<String> token = new AtomicReference<>();
            Multi<List<String>> committed = Multi.createBy().repeating()
                    .uni(() -> token, t -> listPage(t, pageSize, cutoff))
                    .whilst(page -> page.next() != null)
                    .map(ListPage::ids)
                    .select().where(ids -> !ids.isEmpty())
                    .onFailure().recoverWithCompletion();
            Multi<List<String>> stale = abortStaleUploads(cutoff).onItem().transformToMulti(v -> Multi.createFrom()
                    .<List<String>>empty());
            return Multi.createBy().concatenating().streams(committed, stale);
        });
    }

    private record ListPage(List<String> ids, String next) {
    }

    private Uni<ListPage> listPage(AtomicReference<String> token, int pageSize, Instant cutoff) {
        String query = "list-type=2&max-keys=" + pageSize + "&prefix=" + UriEncoding.encode(settings.prefix(), false)
                + (token.get() == null ? "" : "&continuation-token=" + UriEncoding.encode(token.get(), false));
        return upstream.call("GET", null, query, Map.of(), null).flatMap(answer -> {
            if (!answer.ok()) {
                LOG.warnf("Blob sweep could not list the upstream: %s", S3Upstream.failure(answer, "ListObjectsV2"));
                return Uni.createFrom().failure(S3Upstream.failure(answer, "ListObjectsV2"));
            }
            UpstreamXml.Document listing = UpstreamXml.parse(answer.body(), "Contents");
            List<String> ids = new ArrayList<>();
            for (Map<String, String> object : listing.records()) {
                String key = object.get("Key");
                String id = key == null ? null : key.substring(Math.min(key.length(), settings.prefix().length()));
                if (id != null && BLOB_ID.matcher(id).matches() && object.get("LastModified") != null
                        && Instant.parse(object.get("LastModified")).isBefore(cutoff)) {
                    ids.add(id);
                }
            }
            String next = "true".equals(listing.field("IsTruncated")) ? listing.field("NextContinuationToken") : null;
            token.set(next);
            return Uni.createFrom().item(new ListPage(ids, next));
        });
    }

    private Uni<Void> abortStaleUploads(Instant cutoff) {
        String query = "prefix=" + UriEncoding.encode(settings.prefix(), false) + "&uploads=";
        return upstream.call("GET", null, query, Map.of(), null).flatMap(answer -> {
            if (!answer.ok()) {
                return Uni.createFrom().failure(S3Upstream.failure(answer, "ListMultipartUploads"));
            }
            List<Uni<Void>> aborts = new ArrayList<>();
            for (Map<String, String> upload : UpstreamXml.parse(answer.body(), "Upload").records()) {
                String key = upload.get("Key");
                String initiated = upload.get("Initiated");
                if (key != null && key.startsWith(settings.prefix()) && initiated != null
                        && Instant.parse(initiated).isBefore(cutoff)) {
                    aborts.add(upstream.call("DELETE", key, "uploadId=" + UriEncoding.encode(upload.get("UploadId"),
                            false), Map.of(), null).replaceWithVoid());
                }
            }
            return aborts.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.join().all(aborts).andCollectFailures().replaceWithVoid();
        }).onFailure().invoke(e -> LOG.warnf("Blob sweep could not abort stale upstream uploads: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static byte[] md5(Buffer body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body.getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the upstream connections. */
    public void close() {
        upstream.close();
    }
}
