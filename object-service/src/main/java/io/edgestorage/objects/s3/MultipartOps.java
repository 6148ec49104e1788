package io.edgestorage.objects.s3;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.CompletedUpload;
import io.edgestorage.objects.MultipartUpload;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.MultipartRepository;
import io.edgestorage.objects.metadata.WriteCondition;
import io.edgestorage.objects.s3.semantics.ByteRange;
import io.edgestorage.objects.s3.semantics.CompleteMultipartUploadRequest;
import io.edgestorage.objects.s3.semantics.CompleteMultipartUploadRequest.RequestedPart;
import io.edgestorage.objects.s3.semantics.Conditionals;
import io.edgestorage.objects.s3.semantics.CopySource;
import io.edgestorage.objects.s3.semantics.MultipartChecksum;
import io.edgestorage.objects.s3.semantics.MultipartRules;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.checksum.ChecksumHasher;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Multipart uploads: create, upload (and copy) parts, complete, abort, list. */
@ApplicationScoped
public class MultipartOps {

    @Inject MultipartRepository uploads;
    @Inject ObjectOps objectOps;
    @Inject BlobStore blobs;
    @Inject CopyLimiter copies;
    @Inject ObjectServiceConfig config;

    Uni<Void> create(S3Call call, Bucket bucket) {
        UnsupportedFeatures.refuseForObjectWrite(call);
        AclOps.refuseObjectAcl(call, bucket);
        // S3 refuses an unknown algorithm or type, or one it does not offer with the other, before creating the upload
        MultipartChecksum.Spec checksum = MultipartChecksum.forCreate(call.header("x-amz-checksum-algorithm"),
                call.header("x-amz-checksum-type"));
        MultipartUpload u = new MultipartUpload(UUID.randomUUID().toString().replace("-", ""), bucket.name(), call.key,
                ObjectOps.contentHeaders(call), ObjectOps.userMetadata(call), MultipartChecksum.encode(checksum), null);
        return Bodies.discard(call).flatMap(v -> uploads.create(u)).flatMap(created -> {
            if (checksum != null) {
                call.response.putHeader("x-amz-checksum-algorithm", checksum.algorithm().name());
                call.response.putHeader("x-amz-checksum-type", checksum.type().name());
            }
            String body = Xml.document("InitiateMultipartUploadResult").element("Bucket", bucket.name())
                    .element("Key", call.key).element("UploadId", created.uploadId()).end("InitiateMultipartUploadResult");
            return ObjectOps.done(S3Responses.xml(call, body));
        });
    }

    Uni<Void> uploadPart(S3Call call, Bucket bucket) {
        int partNumber = partNumber(call);
        long maxSize = GrantEnforcement.maxBodySize(call, config.s3().maxObjectSize());
        // Every part of an upload with a checksum gets that checksum, asked for or not: Complete needs them all.
        return upload(call, bucket).flatMap(u -> Bodies.receive(call, blobs, maxSize, algorithm(u))
                .onFailure().transform(e -> GrantEnforcement.bodyFailure(call, e)).flatMap(received -> {
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
                    return blobs.compose(List.of(new BlobStore.Segment(src.blobId(), offset, length)))
                            .flatMap(c -> checksumOf(c, algorithm(u)).flatMap(checksums -> {
                        Part part = new Part(u.uploadId(), partNumber, c.size(), c.md5Hex(), checksums, c.blobId(), null);
                        return store(part).flatMap(stored -> {
                            Xml xml = Xml.document("CopyPartResult")
                                    .element("LastModified", S3Responses.iso(java.time.OffsetDateTime.now()))
                                    .element("ETag", "\"" + c.md5Hex() + "\"");
                            checksums.forEach((a, v) -> xml.element("Checksum" + a, v));
                            return ObjectOps.done(S3Responses.xml(call, xml.end("CopyPartResult")));
                        });
                    }));
                })));
    }

    /** The algorithm every part of the upload is given a checksum of, or null. */
    private static ChecksumAlgorithm algorithm(MultipartUpload u) {
        MultipartChecksum.Spec spec = MultipartChecksum.decode(u.checksumAlgorithm());
        return spec == null ? null : spec.algorithm();
    }

    /**
     * A copied part's checksum of {@code algorithm} (none if null), read back from its blob: a copy's bytes
     * never pass through this service otherwise.
     */
    private Uni<Map<String, String>> checksumOf(BlobStore.Written blob, ChecksumAlgorithm algorithm) {
        if (algorithm == null) {
            return Uni.createFrom().item(Map.of());
        }
        ChecksumHasher hasher = algorithm.newHasher();
        return blobs.open(blob.blobId(), blob.size(), 0, blob.size())
                .flatMap(read -> read.content().onItem().invoke(b -> {
                    byte[] bytes = b.getBytes();
                    hasher.update(bytes, 0, bytes.length);
                }).collect().last())
                .map(x -> Map.of(algorithm.name(), hasher.digestBase64()))
                .onFailure().call(e -> blobs.delete(blob.blobId()));
    }

    private Uni<Void> record(S3Call call, Part part) {
        return store(part).flatMap(stored -> {
            call.response.putHeader("ETag", "\"" + part.etag() + "\"");
            part.checksums().forEach((a, v) -> call.response.putHeader("x-amz-checksum-" + a.toLowerCase(java.util.Locale.ROOT), v));
            return ObjectOps.done(S3Responses.empty(call, 200));
        });
    }

    /**
     * Records the part (its blob already durable); the blob of a part it replaces is deleted after the grace
     * period, and its own blob at once if the upload is gone.
     */
    private Uni<Void> store(Part part) {
        return uploads.putPart(part).map(result -> {
            if (!result.uploadExists()) {
                UniBridge.fireAndForget(blobs.delete(part.blobId()));
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            if (result.replacedBlobId() != null) {
                blobs.deleteLater(result.replacedBlobId());
            }
            return null;
        });
    }

    Uni<Void> complete(S3Call call, Bucket bucket) {
        WriteCondition condition = Conditionals.writeCondition(call::header);
        String id = uploadId(call);
        return uploads.find(id).flatMap(u -> {
            if (!isFor(u, bucket, call)) {
                return retriedCompletion(call, bucket, id);
            }
            return Bodies.readDocumentOfObject(call, 1024 * 1024).flatMap(body -> {
                List<RequestedPart> requested = CompleteMultipartUploadRequest.parse(
                        XmlInput.parse(body, "CompleteMultipartUpload"));
                return uploads.parts(u.uploadId()).flatMap(stored -> {
                    MultipartRules.Completion chosen = MultipartRules.choose(stored, requested, config.s3().minPartSize());
                    Map<String, String> checksums = objectChecksum(call, u, chosen.parts());
                    return join(call, bucket, u, chosen, checksums, condition);
                });
            });
        });
    }

    private Uni<Void> join(S3Call call, Bucket bucket, MultipartUpload u, MultipartRules.Completion chosen,
            Map<String, String> checksums, WriteCondition condition) {
        String etag = chosen.etag();
        MultipartChecksum.Spec spec = MultipartChecksum.decode(u.checksumAlgorithm());
        return blobs.join(chosen.segments()).flatMap(c -> {
            ObjectMeta object = new ObjectMeta(bucket.name(), u.key(), c.size(), etag, u.headers(),
                    u.userMetadata(), checksums, chosen.parts().size(), c.blobId(), null);
            List<CompletedUpload.PartLayout> layout = chosen.parts().stream()
                    .map(p -> new CompletedUpload.PartLayout(p.partNumber(), p.etag(), p.size(),
                            spec == null ? null : p.checksums().get(spec.algorithm().name())))
                    .toList();
            CompletedUpload completed = new CompletedUpload(u.uploadId(), bucket.name(), u.key(), c.blobId(), etag,
                    checksums, layout, null);
            return uploads.complete(u.uploadId(), object, condition, completed)
                    .onFailure().call(e -> blobs.delete(c.blobId()))
                    .flatMap(result -> {
                        if (!result.uploadExisted()) {
                            // completed (or aborted) by a concurrent request meanwhile
                            UniBridge.fireAndForget(blobs.delete(c.blobId()));
                            return uploads.completed(u.uploadId(), config.s3().completedUploadRetention())
                                    .flatMap(done -> answerRetry(call, bucket, done, chosen.parts().stream()
                                            .map(p -> new RequestedPart(p.partNumber(), p.etag())).toList()));
                        }
                        if (result.replacedBlobId() != null) {
                            blobs.deleteLater(result.replacedBlobId());
                        }
                        result.partBlobIds().forEach(blobs::deleteLater);
                        return completeResult(call, bucket, completed);
                    });
        });
    }

    /**
     * The object's checksum from the parts (none if the upload has no algorithm), checked against the one the
     * client states in {@code x-amz-checksum-<algorithm>} (BadDigest if it differs) and its
     * {@code x-amz-checksum-type} (InvalidRequest if another).
     */
    private static Map<String, String> objectChecksum(S3Call call, MultipartUpload u, List<Part> parts) {
        MultipartChecksum.Spec spec = MultipartChecksum.decode(u.checksumAlgorithm());
        String type = call.header("x-amz-checksum-type");
        if (type != null && (spec == null || MultipartChecksum.parseType(type) != spec.type())) {
            throw S3Error.INVALID_REQUEST.exception("The x-amz-checksum-type does not match the checksum type the "
                    + "upload was created with.");
        }
        String computed = spec == null ? null : MultipartChecksum.of(spec, parts);
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String stated = call.header(a.headerName());
            if (stated == null) {
                continue;
            }
            if (spec == null || spec.algorithm() != a) {
                throw S3Error.INVALID_REQUEST.exception("The upload was not created with the " + a.name()
                        + " checksum algorithm.");
            }
            if (!MultipartChecksum.matches(spec, computed, stated)) {
                throw S3Error.BAD_DIGEST.exception("The " + a.name() + " you specified did not match the calculated "
                        + "checksum.");
            }
        }
        return spec == null ? Map.of() : MultipartChecksum.stored(spec, computed);
    }

    /**
     * CompleteMultipartUpload of an upload that is no longer in progress: if it completed within the retention
     * and the request names the same parts, the answer it gave, as S3 gives it (so a completion whose answer was
     * lost can be retried); NoSuchUpload otherwise. The answer describes that completion even if the object was
     * overwritten or deleted since.
     */
    private Uni<Void> retriedCompletion(S3Call call, Bucket bucket, String uploadId) {
        return uploads.completed(uploadId, config.s3().completedUploadRetention()).flatMap(done -> {
            if (done == null || !done.bucket().equals(bucket.name()) || !done.key().equals(call.key)) {
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            return Bodies.readDocumentOfObject(call, 1024 * 1024).flatMap(body -> answerRetry(call, bucket, done,
                    CompleteMultipartUploadRequest.parse(XmlInput.parse(body, "CompleteMultipartUpload"))));
        });
    }

    private static Uni<Void> answerRetry(S3Call call, Bucket bucket, CompletedUpload done, List<RequestedPart> requested) {
        if (done == null || !sameParts(done, requested)) {
            throw S3Error.NO_SUCH_UPLOAD.exception();
        }
        return completeResult(call, bucket, done);
    }

    private static boolean sameParts(CompletedUpload done, List<RequestedPart> requested) {
        if (done.parts().size() != requested.size()) {
            return false;
        }
        for (int i = 0; i < requested.size(); i++) {
            CompletedUpload.PartLayout p = done.parts().get(i);
            if (p.partNumber() != requested.get(i).partNumber() || !p.etag().equals(requested.get(i).etag())) {
                return false;
            }
        }
        return true;
    }

    private static Uni<Void> completeResult(S3Call call, Bucket bucket, CompletedUpload done) {
        Xml xml = Xml.document("CompleteMultipartUploadResult")
                .element("Location", "/" + bucket.name() + "/" + done.key())
                .element("Bucket", bucket.name()).element("Key", done.key())
                .element("ETag", "\"" + done.etag() + "\"");
        String algorithm = MultipartChecksum.algorithm(done.checksums());
        if (algorithm != null) {
            xml.element("Checksum" + algorithm, done.checksums().get(algorithm))
                    .element("ChecksumType", done.checksums().get(MultipartChecksum.TYPE_KEY));
        }
        return ObjectOps.done(S3Responses.xml(call, xml.end("CompleteMultipartUploadResult")));
    }

    /** Drops the answers of completed uploads past their retention, once their object version is gone. */
    @Scheduled(every = "10m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepCompleted() {
        return uploads.sweepCompleted(config.s3().completedUploadRetention()).onFailure().recoverWithItem(0)
                .replaceWithVoid();
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
        return uploads.find(uploadId(call)).map(u -> {
            if (!isFor(u, bucket, call)) {
                throw S3Error.NO_SUCH_UPLOAD.exception();
            }
            return u;
        });
    }

    private static String uploadId(S3Call call) {
        String id = call.param("uploadId");
        if (id == null || id.isBlank()) {
            throw S3Error.INVALID_ARGUMENT.exception("This operation needs an uploadId.");
        }
        return id;
    }

    private static boolean isFor(MultipartUpload u, Bucket bucket, S3Call call) {
        return u != null && u.bucket().equals(bucket.name()) && u.key().equals(call.key);
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
