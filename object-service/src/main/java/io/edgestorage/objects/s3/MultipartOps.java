package io.edgestorage.objects.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.MultipartUpload;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.MultipartRepository;
import io.edgestorage.objects.metadata.WriteCondition;
import io.edgestorage.objects.s3.semantics.ByteRange;
import io.edgestorage.objects.s3.semantics.Conditionals;
import io.edgestorage.objects.s3.semantics.CopySource;
import io.edgestorage.objects.s3.semantics.MultipartRules;
import io.smallrye.mutiny.Uni;

/** Multipart uploads: create, upload (and copy) parts, complete, abort, list. */
@ApplicationScoped
public class MultipartOps {

    private final MultipartRepository uploads;
    private final ObjectOps objectOps;
    private final BlobStore blobs;
    private final long maxPartSize;
    private final long minPartSize;
    private final CopyLimiter copies;

    public MultipartOps(MultipartRepository uploads, ObjectOps objectOps, BlobStore blobs, ObjectServiceConfig config,
            CopyLimiter copies) {
        this.uploads = uploads;
        this.copies = copies;
        this.objectOps = objectOps;
        this.blobs = blobs;
        this.maxPartSize = config.s3().maxObjectSize();
        this.minPartSize = config.s3().minPartSize();
    }

    Uni<Void> create(S3Call call, Bucket bucket) {
        UnsupportedFeatures.refuseForObjectWrite(call);
        String algorithm = call.header("x-amz-checksum-algorithm");
        if (algorithm != null) {
            Bodies.checksumAlgorithm(algorithm); // S3 refuses an unknown one before creating the upload
        }
        MultipartUpload u = new MultipartUpload(UUID.randomUUID().toString().replace("-", ""), bucket.name(), call.key,
                ObjectOps.contentHeaders(call), ObjectOps.userMetadata(call), algorithm, null);
        return Bodies.discard(call).flatMap(v -> uploads.create(u)).flatMap(created -> {
            if (algorithm != null) {
                call.response.putHeader("x-amz-checksum-algorithm", algorithm);
            }
            String body = Xml.document("InitiateMultipartUploadResult").element("Bucket", bucket.name())
                    .element("Key", call.key).element("UploadId", created.uploadId()).end("InitiateMultipartUploadResult");
            return ObjectOps.done(S3Responses.xml(call, body));
        });
    }

    Uni<Void> uploadPart(S3Call call, Bucket bucket) {
        int partNumber = partNumber(call);
        return upload(call, bucket).flatMap(u -> Bodies.receive(call, blobs, maxPartSize).flatMap(received -> {
            Part part = new Part(u.uploadId(), partNumber, received.size(), received.md5Hex(),
                    Bodies.storedChecksums(received), received.blobId(), null);
            return record(call, part);
        }));
    }

    Uni<Void> uploadPartCopy(S3Call call, Bucket bucket) {
        int partNumber = partNumber(call);
        CopySource source = CopySource.parse(call.header("x-amz-copy-source"));
        return copies.limit(call.auth.accountId(), () -> upload(call, bucket)
                .flatMap(u -> Bodies.discard(call).flatMap(v -> objectOps.sourceObject(call, source)).flatMap(src -> {
                    int pre = Conditionals.evaluateCopySource(call::header, src.etag(), src.lastModified());
                    if (pre != 200) {
                        throw S3Error.PRECONDITION_FAILED.exception();
                    }
                    long offset = 0;
                    long length = src.size();
                    String rangeHeader = call.header("x-amz-copy-source-range");
                    if (rangeHeader != null) {
                        ByteRange range = CopySource.range(rangeHeader, src.size());
                        offset = range.first();
                        length = range.length();
                    }
                    return blobs.compose(List.of(new BlobStore.Segment(src.blobId(), offset, length))).flatMap(c -> {
                        Part part = new Part(u.uploadId(), partNumber, c.size(), c.md5Hex(), Map.of(), c.blobId(), null);
                        return uploads.putPart(part).flatMap(result -> {
                            if (!result.uploadExists()) {
                                UniBridge.fireAndForget(blobs.delete(c.blobId()));
                                throw S3Error.NO_SUCH_UPLOAD.exception();
                            }
                            if (result.replacedBlobId() != null) {
                                blobs.deleteLater(result.replacedBlobId());
                            }
                            String body = Xml.document("CopyPartResult")
                                    .element("LastModified", S3Responses.iso(java.time.OffsetDateTime.now()))
                                    .element("ETag", "\"" + c.md5Hex() + "\"").end("CopyPartResult");
                            return ObjectOps.done(S3Responses.xml(call, body));
                        });
                    });
                })));
    }

    private Uni<Void> record(S3Call call, Part part) {
        return uploads.putPart(part).flatMap(result -> {
            if (!result.uploadExists()) {
                UniBridge.fireAndForget(blobs.delete(part.blobId()));
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            if (result.replacedBlobId() != null) {
                blobs.deleteLater(result.replacedBlobId());
            }
            call.response.putHeader("ETag", "\"" + part.etag() + "\"");
            part.checksums().forEach((a, v) -> call.response.putHeader("x-amz-checksum-" + a.toLowerCase(java.util.Locale.ROOT), v));
            return ObjectOps.done(S3Responses.empty(call, 200));
        });
    }

    Uni<Void> complete(S3Call call, Bucket bucket) {
        WriteCondition condition = Conditionals.writeCondition(call::header);
        return upload(call, bucket).flatMap(u -> Bodies.readSmall(call, 1024 * 1024).flatMap(body -> {
            JsonNode doc = XmlInput.parse(body, "CompleteMultipartUpload");
            List<int[]> order = new ArrayList<>();
            List<String> etags = new ArrayList<>();
            for (JsonNode p : XmlInput.all(doc, "Part")) {
                String number = XmlInput.text(p, "PartNumber");
                String etag = XmlInput.text(p, "ETag");
                if (number == null || etag == null) {
                    throw S3Error.MALFORMED_XML.exception();
                }
                try {
                    order.add(new int[] {Integer.parseInt(number.trim())});
                } catch (NumberFormatException e) {
                    throw S3Error.MALFORMED_XML.exception();
                }
                etags.add(etag.replace("\"", "").replace("&quot;", "").trim());
            }
            if (order.isEmpty()) {
                throw S3Error.MALFORMED_XML.exception("You must specify at least one part");
            }
            for (int i = 1; i < order.size(); i++) {
                if (order.get(i)[0] <= order.get(i - 1)[0]) {
                    throw S3Error.INVALID_PART_ORDER.exception();
                }
            }
            return uploads.parts(u.uploadId()).flatMap(stored -> {
                Map<Integer, Part> byNumber = stored.stream().collect(Collectors.toMap(Part::partNumber, p -> p));
                List<Part> chosen = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    Part p = byNumber.get(order.get(i)[0]);
                    if (p == null || !p.etag().equals(etags.get(i))) {
                        throw S3Error.INVALID_PART.exception();
                    }
                    chosen.add(p);
                }
                for (int i = 0; i < chosen.size() - 1; i++) {
                    if (chosen.get(i).size() < minPartSize) {
                        throw S3Error.ENTITY_TOO_SMALL.exception().with("PartNumber", String.valueOf(chosen.get(i).partNumber()))
                                .with("ProposedSize", String.valueOf(chosen.get(i).size()))
                                .with("MinSizeAllowed", String.valueOf(minPartSize));
                    }
                }
                String etag = MultipartRules.etag(chosen);
                List<BlobStore.Segment> segments = chosen.stream()
                        .map(p -> new BlobStore.Segment(p.blobId(), 0, p.size())).toList();
                return blobs.compose(segments).flatMap(c -> {
                    ObjectMeta object = new ObjectMeta(bucket.name(), u.key(), c.size(), etag, u.headers(),
                            u.userMetadata(), Map.of(), chosen.size(), c.blobId(), null);
                    return uploads.complete(u.uploadId(), object, condition)
                            .onFailure().call(e -> blobs.delete(c.blobId()))
                            .flatMap(result -> {
                                if (!result.uploadExisted()) {
                                    UniBridge.fireAndForget(blobs.delete(c.blobId()));
                                    throw S3Error.NO_SUCH_UPLOAD.exception();
                                }
                                if (result.replacedBlobId() != null) {
                                    blobs.deleteLater(result.replacedBlobId());
                                }
                                result.partBlobIds().forEach(blobs::deleteLater);
                                String xml = Xml.document("CompleteMultipartUploadResult")
                                        .element("Location", "/" + bucket.name() + "/" + call.key)
                                        .element("Bucket", bucket.name()).element("Key", u.key())
                                        .element("ETag", "\"" + etag + "\"").end("CompleteMultipartUploadResult");
                                return ObjectOps.done(S3Responses.xml(call, xml));
                            });
                });
            });
        }));
    }

    Uni<Void> abort(S3Call call, Bucket bucket) {
        return upload(call, bucket).flatMap(u -> uploads.abort(u.uploadId())).flatMap(blobIds -> {
            if (blobIds == null) {
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            blobIds.forEach(blobs::deleteLater);
            return ObjectOps.done(S3Responses.empty(call, 204));
        });
    }

    Uni<Void> listParts(S3Call call, Bucket bucket) {
        int maxParts = intParam(call, "max-parts", 1000);
        int marker = intParam(call, "part-number-marker", 0);
        return upload(call, bucket).flatMap(u -> uploads.parts(u.uploadId()).flatMap(parts -> {
            List<Part> after = parts.stream().filter(p -> p.partNumber() > marker).toList();
            List<Part> page = after.subList(0, Math.min(maxParts, after.size()));
            boolean truncated = after.size() > page.size();
            Xml xml = Xml.document("ListPartsResult").element("Bucket", bucket.name()).element("Key", u.key())
                    .element("UploadId", u.uploadId()).element("PartNumberMarker", marker)
                    .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).partNumber())
                    .element("MaxParts", maxParts).element("IsTruncated", truncated)
                    .open("Initiator").element("ID", call.auth.accountId()).element("DisplayName", call.auth.accountId())
                    .close("Initiator").open("Owner").element("ID", call.auth.accountId())
                    .element("DisplayName", call.auth.accountId()).close("Owner").element("StorageClass", "STANDARD");
            for (Part p : page) {
                xml.open("Part").element("PartNumber", p.partNumber())
                        .element("LastModified", S3Responses.iso(p.lastModified()))
                        .element("ETag", "\"" + p.etag() + "\"").element("Size", p.size()).close("Part");
            }
            return ObjectOps.done(S3Responses.xml(call, xml.end("ListPartsResult")));
        }));
    }

    Uni<Void> listUploads(S3Call call, Bucket bucket) {
        String prefix = call.param("prefix") == null ? "" : call.param("prefix");
        String keyMarker = call.param("key-marker");
        int max = Math.min(1000, intParam(call, "max-uploads", 1000));
        return uploads.list(bucket.name(), prefix, keyMarker, max + 1).flatMap(list -> {
            boolean truncated = list.size() > max;
            List<MultipartUpload> page = truncated ? list.subList(0, max) : list;
            Xml xml = Xml.document("ListMultipartUploadsResult").element("Bucket", bucket.name())
                    .element("KeyMarker", keyMarker == null ? "" : keyMarker).element("UploadIdMarker", "")
                    .element("Prefix", prefix).element("MaxUploads", max).element("IsTruncated", truncated);
            if (truncated) {
                xml.element("NextKeyMarker", page.get(page.size() - 1).key())
                        .element("NextUploadIdMarker", page.get(page.size() - 1).uploadId());
            }
            for (MultipartUpload u : page) {
                xml.open("Upload").element("Key", u.key()).element("UploadId", u.uploadId())
                        .open("Initiator").element("ID", call.auth.accountId()).close("Initiator")
                        .open("Owner").element("ID", call.auth.accountId()).close("Owner")
                        .element("StorageClass", "STANDARD").element("Initiated", S3Responses.iso(u.initiatedAt()))
                        .close("Upload");
            }
            return ObjectOps.done(S3Responses.xml(call, xml.end("ListMultipartUploadsResult")));
        });
    }

    /** The upload named by {@code uploadId}, which must be for this bucket and key. */
    private Uni<MultipartUpload> upload(S3Call call, Bucket bucket) {
        String id = call.param("uploadId");
        if (id == null || id.isBlank()) {
            throw S3Error.INVALID_ARGUMENT.exception("This operation needs an uploadId.");
        }
        return uploads.find(id).map(u -> {
            if (u == null || !u.bucket().equals(bucket.name()) || !u.key().equals(call.key)) {
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            return u;
        });
    }

    private static int partNumber(S3Call call) {
        if (call.param("uploadId") == null) {
            throw S3Error.INVALID_ARGUMENT.exception("partNumber needs an uploadId.");
        }
        return partNumberParam(call);
    }

    /** The {@code partNumber} query parameter: 1 to 10000. */
    static int partNumberParam(S3Call call) {
        int n = intParam(call, "partNumber", -1);
        if (n < 1 || n > 10000) {
            throw S3Error.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and 10000, inclusive");
        }
        return n;
    }

    private static int intParam(S3Call call, String name, int fallback) {
        String v = call.param(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw S3Error.INVALID_ARGUMENT.exception(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw S3Error.INVALID_ARGUMENT.exception(name + " must be an integer");
        }
    }
}
