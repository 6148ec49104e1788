package io.edgestorage.objects.s3;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.CompletedUpload;
import io.edgestorage.objects.ContentHeaders;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.BucketOwnerCache;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.MultipartRepository;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.edgestorage.objects.metadata.WriteCondition;
import io.edgestorage.objects.s3.semantics.ByteRange;
import io.edgestorage.objects.s3.semantics.Conditionals;
import io.edgestorage.objects.s3.semantics.CopySource;
import io.edgestorage.objects.s3.semantics.HeaderText;
import io.edgestorage.objects.s3.semantics.MultipartChecksum;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.pgclient.PgException;

/** PutObject, GetObject, HeadObject, DeleteObject, CopyObject. */
@ApplicationScoped
public class ObjectOps {

    private static final Map<String, String> RESPONSE_OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-disposition", "Content-Disposition",
            "response-cache-control", "Cache-Control",
            "response-expires", "Expires",
            "response-content-language", "Content-Language",
            "response-content-encoding", "Content-Encoding");

    private final ObjectRepository objects;
    private final BucketRepository buckets;
    private final BlobStore blobs;
    private final long maxObjectSize;
    private final BucketOwnerCache owners;
    private final CopyLimiter copies;
    private final MultipartRepository multipart;

    public ObjectOps(ObjectRepository objects, BucketRepository buckets, BlobStore blobs, ObjectServiceConfig config,
            BucketOwnerCache owners, CopyLimiter copies, MultipartRepository multipart) {
        this.objects = objects;
        this.multipart = multipart;
        this.copies = copies;
        this.buckets = buckets;
        this.blobs = blobs;
        this.owners = owners;
        this.maxObjectSize = config.s3().maxObjectSize();
    }

    /**
     * PutObject, on plain Vert.x futures (every Mutiny operator captured and restored the request context).
     * The router checked ownership or trusted {@link BucketOwnerCache}; the publication checks it again.
     */
    Future<Void> put(S3Call call) {
        UnsupportedFeatures.refuseForObjectWrite(call);
        ContentHeaders headers = contentHeaders(call);
        Map<String, String> meta = userMetadata(call);
        WriteCondition condition = GrantEnforcement.writeCondition(call, Conditionals.writeCondition(call::header));
        return Bodies.receiveFuture(call, blobs, GrantEnforcement.maxBodySize(call, maxObjectSize))
                .recover(e -> Future.failedFuture(GrantEnforcement.bodyFailure(call, e))).compose(received -> {
            ObjectMeta object = new ObjectMeta(call.bucket, call.key, received.size(), received.md5Hex(), headers, meta,
                    Bodies.storedChecksums(received), null, received.blobId(), null);
            return publish(object, call.auth.accountId(), condition)
                    .recover(e -> UniBridge.toFuture(blobs.delete(received.blobId()))
                            .transform(ignored -> Future.failedFuture(commitFailure(e))))
                    .compose(published -> {
                        if (!published.written()) {
                            // The bucket was deleted (and maybe recreated by another account) since the check.
                            owners.forget(call.bucket);
                            return UniBridge.toFuture(blobs.delete(received.blobId()))
                                    .transform(ignored -> Future.failedFuture(S3Error.NO_SUCH_BUCKET.exception()));
                        }
                        if (published.replacedBlobId() != null) {
                            blobs.deleteLater(published.replacedBlobId());
                        }
                        HttpServerResponse r = call.response;
                        r.putHeader("ETag", "\"" + object.etag() + "\"");
                        MultipartChecksum.headers(object.checksums()).forEach(r::putHeader);
                        return S3Responses.empty(call, 200);
                    });
        });
    }

    /** The group-committed publication, or for a conditional write (rare) one transaction of its own. */
    private Future<ObjectRepository.Published> publish(ObjectMeta object, String accountId, WriteCondition condition) {
        if (condition == null) {
            return objects.publish(object, accountId);
        }
        return UniHelper.toFuture(objects.publishIf(object, accountId, condition));
    }

    /** PostgreSQL's SQLSTATE for a foreign-key violation: the row's bucket is gone. */
    static final String FOREIGN_KEY_VIOLATION = "23503";

    /**
     * A publication refused because the bucket was deleted meanwhile (the object row's foreign key) is
     * NoSuchBucket; any other failure stays what it is. Decided by the SQL state, wherever in the cause chain
     * the driver's exception sits, never by the wording of the message.
     */
    static Throwable commitFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
                return S3Error.NO_SUCH_BUCKET.exception();
            }
        }
        return e;
    }

    /**
     * GetObject and HeadObject of {@code o}, which the router looked up (null: no such key). Plain Vert.x
     * futures, as the rest of the GET path.
     */
    Future<Void> get(S3Call call, ObjectMeta o, boolean head) {
        if (o == null) {
            throw S3Error.NO_SUCH_KEY.exception();
        }
        if (!call.has("partNumber")) {
            return serve(call, o, head, null);
        }
        int partNumber = MultipartOps.partNumberParam(call);
        if (call.header("Range") != null) {
            throw S3Error.INVALID_REQUEST.exception("Cannot specify both Range header and partNumber query parameter");
        }
        if (o.partsCount() == null) {
            // an object stored whole is its own part 1, served whole as S3 does
            requirePart(partNumber, 1);
            return serve(call, o, head, null);
        }
        requirePart(partNumber, o.partsCount());
        return UniHelper.toFuture(multipart.layout(o.blobId())).compose(layout -> {
            if (layout == null || layout.parts().size() != o.partsCount()) {
                throw S3Error.NOT_IMPLEMENTED.exception("The part layout of this multipart object is not recorded; "
                        + "use a Range.");
            }
            return serve(call, o, head, new PartRead(layout, partNumber - 1));
        });
    }

    /** One part of a multipart object: the part at {@code index} (0-based) of its layout. */
    private record PartRead(CompletedUpload layout, int index) {

        long offset() {
            return layout.offsetOf(index);
        }

        CompletedUpload.PartLayout part() {
            return layout.parts().get(index);
        }
    }

    /**
     * Parts are numbered 1..N; a number past N is {@code 400 InvalidPart}, as Ceph RGW answers and ceph/s3-tests
     * expects (AWS answers {@code 416 InvalidPartNumber}; SDKs treat both as a failed request).
     */
    private static void requirePart(int partNumber, int partsCount) {
        if (partNumber > partsCount) {
            throw S3Error.INVALID_PART.exception("The requested part number " + partNumber + " does not exist: the object has "
                    + partsCount + (partsCount == 1 ? " part." : " parts.")).with("PartNumberRequested", String.valueOf(partNumber))
                    .with("ActualPartCount", String.valueOf(partsCount));
        }
    }

    /** The object, a Range of it, or one of its parts ({@code part} not null): headers and body. */
    private Future<Void> serve(S3Call call, ObjectMeta o, boolean head, PartRead part) {
        Map<String, String> overrides = responseOverrides(call);
        HttpServerResponse r = call.response;
        int pre = Conditionals.evaluate(call::header, o.etag(), o.lastModified());
        if (pre == 412) {
            throw S3Error.PRECONDITION_FAILED.exception();
        }
        objectHeaders(call, o);
        if (pre == 304) {
            return S3Responses.empty(call, 304);
        }
        String rangeHeader = call.header("Range");
        ByteRange range = rangeHeader == null ? null : ByteRange.parse(rangeHeader, o.size());
        if (range != null && range.unsatisfiable()) {
            r.headers().remove("ETag");
            r.putHeader("Content-Range", "bytes */" + o.size());
            throw S3Error.INVALID_RANGE.exception().with("RangeRequested", rangeHeader)
                    .with("ActualObjectSize", String.valueOf(o.size()));
        }
        long offset = range != null ? range.first() : part != null ? part.offset() : 0;
        long length = range != null ? range.length() : part != null ? part.part().size() : o.size();
        if ("ENABLED".equalsIgnoreCase(call.header("x-amz-checksum-mode"))) {
            if (part != null) {
                // a part's own checksum, of the object's checksum type
                putPartChecksum(r, o, part.part());
            } else if (range == null) {
                MultipartChecksum.headers(o.checksums()).forEach(r::putHeader);
            }
        }
        overrides.forEach(r::putHeader);
        S3Responses.applyCors(call);
        boolean partial = range != null || part != null && length > 0;
        r.setStatusCode(partial ? 206 : 200);
        if (partial) {
            r.putHeader("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + o.size());
        }
        r.putHeader("Content-Length", String.valueOf(length));
        if (head) {
            return r.end();
        }
        // A download still streaming when its key is revoked is cut (TransferGuard).
        Runnable stopWatch = call.credentialWatch.start(revoked -> call.request.connection().close());
        return UniBridge.toFuture(blobs.open(o.blobId(), o.size(), offset, length))
                .onFailure(e -> {
                    // The object's headers (its length above all) do not describe the error that follows.
                    if (!r.headWritten()) {
                        S3Responses.resetHeaders(call);
                    }
                })
                .compose(read -> BlobResponses.send(r, read))
                .onComplete(x -> stopWatch.run());
    }

    private static void putPartChecksum(HttpServerResponse r, ObjectMeta o, CompletedUpload.PartLayout part) {
        String algorithm = MultipartChecksum.algorithm(o.checksums());
        if (algorithm != null && part.checksum() != null) {
            r.putHeader("x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT), part.checksum());
            r.putHeader("x-amz-checksum-type", MultipartChecksum.type(o.checksums()));
        }
    }

    /**
     * The {@code response-*} overrides of the query, by response header, checked before anything is sent: a
     * control character cannot be in a header value (CR LF would even split the response).
     */
    private static Map<String, String> responseOverrides(S3Call call) {
        // Six parameter lookups per GET otherwise; overrides are rare.
        if (call.paramNames().stream().noneMatch(ObjectOps::isResponseOverride)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : RESPONSE_OVERRIDES.entrySet()) {
            String value = call.param(e.getKey());
            if (value == null) {
                continue;
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw S3Error.INVALID_ARGUMENT.exception("The value of " + e.getKey() + " contains a control character.")
                        .with("ArgumentName", e.getKey());
            }
            out.put(e.getValue(), value);
        }
        return out;
    }

    Uni<Void> delete(S3Call call, Bucket bucket) {
        return objects.delete(bucket.name(), call.key).flatMap(blob -> {
            if (blob != null) {
                blobs.deleteLater(blob);
            }
            return done(S3Responses.empty(call, 204));
        });
    }

    Uni<Void> copy(S3Call call, Bucket bucket) {
        UnsupportedFeatures.refuseForObjectWrite(call);
        AclOps.refuseObjectAcl(call, bucket);
        CopySource source = CopySource.parse(call.header("x-amz-copy-source"));
        String directive = call.header("x-amz-metadata-directive");
        boolean replace = "REPLACE".equalsIgnoreCase(directive);
        if (directive != null && !replace && !"COPY".equalsIgnoreCase(directive)) {
            throw S3Error.INVALID_ARGUMENT.exception("Unknown metadata directive.");
        }
        if (source.bucket().equals(bucket.name()) && source.key().equals(call.key) && !replace) {
            throw S3Error.INVALID_REQUEST.exception("This copy request is illegal because it is trying to copy an object to "
                    + "itself without changing the object's metadata, storage class, website redirect location or "
                    + "encryption attributes.");
        }
        WriteCondition condition = Conditionals.writeCondition(call::header);
        return copies.limit(call.auth.accountId(), () -> Bodies.discard(call)
                .flatMap(v -> sourceObject(call, source))
                .flatMap(src -> {
                    int pre = Conditionals.evaluateCopySource(call::header, src.etag(), src.lastModified());
                    if (pre != 200) {
                        throw S3Error.PRECONDITION_FAILED.exception();
                    }
                    return blobs.compose(List.of(new BlobStore.Segment(src.blobId(), 0, src.size())))
                            .flatMap(c -> {
                                ObjectMeta copy = new ObjectMeta(bucket.name(), call.key, c.size(), c.md5Hex(),
                                        replace ? contentHeaders(call) : src.headers(),
                                        replace ? userMetadata(call) : src.userMetadata(), src.checksums(), null,
                                        c.blobId(), null);
                                return objects.put(copy, condition)
                                        .onFailure().call(e -> blobs.delete(c.blobId()))
                                        .onFailure().transform(ObjectOps::commitFailure)
                                        .flatMap(old -> {
                                            if (old != null) {
                                                blobs.deleteLater(old);
                                            }
                                            return objects.find(bucket.name(), call.key);
                                        })
                                        .flatMap(stored -> {
                                            // The answer describes what this copy wrote: by the time the row is
                                            // read again, another request may have replaced or deleted it.
                                            OffsetDateTime written = stored != null && c.blobId().equals(stored.blobId())
                                                    ? stored.lastModified() : OffsetDateTime.now(ZoneOffset.UTC);
                                            Xml xml = Xml.document("CopyObjectResult")
                                                    .element("LastModified", S3Responses.iso(written))
                                                    .element("ETag", "\"" + copy.etag() + "\"");
                                            String algorithm = MultipartChecksum.algorithm(copy.checksums());
                                            if (algorithm != null) {
                                                xml.element("Checksum" + algorithm, copy.checksums().get(algorithm))
                                                        .element("ChecksumType", MultipartChecksum.type(copy.checksums()));
                                            }
                                            return done(S3Responses.xml(call, xml.end("CopyObjectResult")));
                                        });
                            });
                }));
    }

    /** The copy source, which must exist and belong to the signer's account too. */
    Uni<ObjectMeta> sourceObject(S3Call call, CopySource source) {
        return buckets.find(source.bucket()).flatMap(b -> {
            if (b == null) {
                throw S3Error.NO_SUCH_BUCKET.exception("The specified copy source bucket does not exist");
            }
            if (!b.accountId().equals(call.auth.accountId())) {
                throw S3Error.ACCESS_DENIED.exception();
            }
            return objects.find(source.bucket(), source.key());
        }).map(o -> {
            if (o == null) {
                throw S3Error.NO_SUCH_KEY.exception("The specified copy source key does not exist.");
            }
            return o;
        });
    }

    static ContentHeaders contentHeaders(S3Call call) {
        String encoding = call.header("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
            // aws-chunked is transfer framing, not a property of the object; any other value is kept as sent
            encoding = java.util.Arrays.stream(encoding.split(",")).map(String::trim)
                    .filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("aws-chunked"))
                    .reduce((a, b) -> a + ", " + b).orElse(null);
        }
        return new ContentHeaders(call.header("Content-Type"), call.header("Content-Disposition"), encoding,
                call.header("Content-Language"), call.header("Cache-Control"), call.header("Expires"));
    }

    static Map<String, String> userMetadata(S3Call call) {
        Map<String, String> meta = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, String> h : call.request.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-meta-")) {
                String key = name.substring("x-amz-meta-".length());
                String value = HeaderText.fromWire(h.getValue());
                meta.merge(key, value, (a, b) -> a + "," + b);
                total += key.length() + value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length; // S3 counts bytes
            }
        }
        if (total > 2048) {
            throw S3Error.METADATA_TOO_LARGE.exception();
        }
        return meta;
    }

    static void objectHeaders(S3Call call, ObjectMeta o) {
        HttpServerResponse r = call.response;
        ContentHeaders h = o.headers();
        r.putHeader("ETag", "\"" + o.etag() + "\"");
        r.putHeader("Last-Modified", S3Responses.httpDate(o.lastModified()));
        r.putHeader("Accept-Ranges", "bytes");
        r.putHeader("Content-Type", h.contentType() == null ? "binary/octet-stream" : h.contentType());
        putIf(r, "Content-Disposition", h.contentDisposition());
        putIf(r, "Content-Encoding", h.contentEncoding());
        putIf(r, "Content-Language", h.contentLanguage());
        putIf(r, "Cache-Control", h.cacheControl());
        putIf(r, "Expires", h.expires());
        o.userMetadata().forEach((k, v) -> r.putHeader("x-amz-meta-" + k, HeaderText.toWire(v)));
        if (o.partsCount() != null) {
            r.putHeader("x-amz-mp-parts-count", String.valueOf(o.partsCount()));
        }
    }

    private static void putIf(HttpServerResponse r, String name, String value) {
        if (value != null) {
            r.putHeader(name, value);
        }
    }

    static Uni<Void> done(Future<Void> f) {
        return Uni.createFrom().completionStage(f.toCompletionStage());
    }

    private static boolean isResponseOverride(String param) {
        return param.startsWith("response-"); // S3 matches parameter names in their exact case
    }
}
