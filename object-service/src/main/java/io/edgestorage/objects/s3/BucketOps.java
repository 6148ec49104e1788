package io.edgestorage.objects.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.Xml;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.Lister;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.edgestorage.objects.s3.semantics.ContinuationTokens;
import io.edgestorage.objects.s3.semantics.MultipartChecksum;
import io.edgestorage.objects.s3.semantics.VersionIds;
import io.edgestorage.sigv4.UriEncoding;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Bucket operations and listings. */
@ApplicationScoped
public class BucketOps {

    @Inject BucketRepository buckets;
    @Inject ObjectRepository objects;
    @Inject BlobStore blobs;
    @Inject Lister lister;
    @Inject ObjectServiceConfig config;

    /** S3's limit of {@code max-buckets}; without it every bucket of the account is listed. */
    static final int MAX_BUCKETS = 10_000;

    /**
     * ListBuckets, paginated as S3 does when {@code max-buckets} is given: {@code ContinuationToken} in the
     * answer is the token of the next page and is there only when one follows; {@code prefix} filters names.
     * An empty {@code continuation-token} is no token (as on ListObjectsV2).
     */
    Uni<Void> listBuckets(S3Call call) {
        String prefix = call.param("prefix");
        String token = call.param("continuation-token");
        String after = token == null || token.isEmpty() ? null : ContinuationTokens.cursor(token);
        int limit = maxBuckets(call.param("max-buckets"));
        return buckets.listByAccount(call.auth.accountId(), prefix == null ? "" : prefix, after,
                limit == Integer.MAX_VALUE ? limit : limit + 1).flatMap(found -> {
            boolean truncated = found.size() > limit;
            List<Bucket> list = truncated ? found.subList(0, limit) : found;
            Xml xml = Xml.document("ListAllMyBucketsResult").open("Owner").element("ID", call.auth.accountId())
                    .element("DisplayName", call.auth.accountId()).close("Owner").open("Buckets");
            for (Bucket b : list) {
                xml.open("Bucket").element("Name", b.name()).element("CreationDate", S3Responses.iso(b.createdAt()))
                        .close("Bucket");
            }
            xml.close("Buckets");
            if (truncated) {
                xml.element("ContinuationToken", ContinuationTokens.token(list.get(list.size() - 1).name()));
            }
            if (prefix != null) {
                xml.element("Prefix", prefix);
            }
            return send(call, xml.end("ListAllMyBucketsResult"));
        });
    }

    /** {@code max-buckets}: an integer from 1 to 10000 (InvalidArgument otherwise), unbounded when absent. */
    static int maxBuckets(String value) {
        if (value == null) {
            return Integer.MAX_VALUE;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MAX_BUCKETS) {
            throw S3Error.INVALID_ARGUMENT.exception("Argument max-buckets must be an integer between 1 and 10000.")
                    .with("ArgumentName", "max-buckets").with("ArgumentValue", value);
        }
        return n;
    }

    /**
     * The name was checked by the router (BucketNames), as for every operation on a bucket; {@code x-amz-acl}
     * ({@code private} or {@code public-read}, checked by {@link UnsupportedFeatures}) sets its access.
     */
    Uni<Void> create(S3Call call) {
        UnsupportedFeatures.refuseForCreateBucket(call);
        return Bodies.readSmall(call, 64 * 1024)
                .flatMap(body -> {
                    checkLocationConstraint(body);
                    String acl = call.header("x-amz-acl");
                    return buckets.create(call.bucket, call.auth.accountId(),
                            acl == null ? BucketAccess.PRIVATE : BucketAccess.ofCannedAcl(acl));
                })
                .flatMap(created -> created != null ? Uni.createFrom().item(created)
                        : buckets.find(call.bucket).map(existing -> {
                            if (existing != null && existing.accountId().equals(call.auth.accountId())) {
                                if (recreatingOwnedBucketSucceeds(config.s3().region())) {
                                    return existing;
                                }
                                throw S3Error.BUCKET_ALREADY_OWNED_BY_YOU.exception();
                            }
                            throw S3Error.BUCKET_ALREADY_EXISTS.exception();
                        }))
                .flatMap(b -> {
                    call.response.putHeader("Location", "/" + b.name());
                    return Uni.createFrom().completionStage(S3Responses.empty(call, 200).toCompletionStage());
                });
    }

    /**
     * S3's legacy answer in us-east-1: creating a bucket you already own there succeeds (200, the bucket
     * unchanged); in every other region it is 409 BucketAlreadyOwnedByYou.
     */
    static boolean recreatingOwnedBucketSucceeds(String region) {
        return "us-east-1".equals(region);
    }

    /** CreateBucket's optional configuration: the bucket can only be in this endpoint's region. */
    private void checkLocationConstraint(io.vertx.core.buffer.Buffer body) {
        if (body.length() == 0) {
            return;
        }
        String constraint = XmlInput.text(XmlInput.parse(body, "CreateBucketConfiguration"), "LocationConstraint");
        if (constraint != null && !constraint.isBlank() && !constraint.trim().equals(config.s3().region())) {
            throw S3Error.ILLEGAL_LOCATION_CONSTRAINT.exception("The " + constraint.trim() + " location constraint is "
                    + "incompatible for the region specific endpoint this request was sent to.");
        }
    }

    Uni<Void> head(S3Call call, Bucket b) {
        call.response.putHeader("x-amz-bucket-region", config.s3().region());
        return Uni.createFrom().completionStage(S3Responses.empty(call, 200).toCompletionStage());
    }

    Uni<Void> delete(S3Call call, Bucket b) {
        return buckets.delete(b.name()).flatMap(result -> switch (result) {
            case NOT_FOUND -> throw S3Error.NO_SUCH_BUCKET.exception();
            case NOT_EMPTY -> throw S3Error.BUCKET_NOT_EMPTY.exception();
            case DELETED -> Uni.createFrom().completionStage(S3Responses.empty(call, 204).toCompletionStage());
        });
    }

    Uni<Void> location(S3Call call, Bucket b) {
        String body = Xml.document("LocationConstraint").end("LocationConstraint");
        String region = config.s3().region();
        if (!"us-east-1".equals(region)) {
            body = body.replace("></LocationConstraint>", ">" + region + "</LocationConstraint>");
        }
        return send(call, body);
    }

    Uni<Void> versioning(S3Call call, Bucket b) {
        return send(call, Xml.document("VersioningConfiguration").end("VersioningConfiguration"));
    }

    Uni<Void> listV2(S3Call call, Bucket b) {
        Lister.Request req = listRequest(call);
        String token = call.param("continuation-token");
        String startAfter = call.param("start-after");
        // An empty token is no token (S3 lists from the start, or from start-after, and echoes it empty)
        String cursor = token != null && !token.isEmpty() ? ContinuationTokens.cursor(token) : startAfter;
        boolean url = urlEncoding(call);
        String owner = "true".equals(call.param("fetch-owner")) ? b.accountId() : null;
        return listing(call, b, "ListBucketResult", req.withCursor(cursor),
                (xml, page) -> xml.element("KeyCount", page.count()),
                (xml, page) -> {
                    if (token != null) {
                        xml.element("ContinuationToken", token);
                    }
                    if (page.truncated()) {
                        xml.element("NextContinuationToken", ContinuationTokens.token(page.nextCursor()));
                    }
                    if (startAfter != null) {
                        xml.element("StartAfter", enc(startAfter, url));
                    }
                }, (xml, o) -> contents(xml, o, url, owner));
    }

    Uni<Void> listV1(S3Call call, Bucket b) {
        Lister.Request req = listRequest(call);
        String marker = call.param("marker");
        boolean url = urlEncoding(call);
        return listing(call, b, "ListBucketResult", req.withCursor(Lister.cursorAfterMarker(marker, req.delimiter())),
                (xml, page) -> xml.element("Marker", enc(marker == null ? "" : marker, url)),
                (xml, page) -> {
                    if (page.truncated() && !req.delimiter().isEmpty()) {
                        xml.element("NextMarker", enc(page.lastItem(), url));
                    }
                }, (xml, o) -> contents(xml, o, url, b.accountId()));
    }

    /** ListObjectVersions over an unversioned bucket: every object once, VersionId {@code null}, latest. */
    Uni<Void> listVersions(S3Call call, Bucket b) {
        Lister.Request req = listRequest(call);
        String keyMarker = call.param("key-marker");
        String versionIdMarker = call.param("version-id-marker");
        boolean url = urlEncoding(call);
        String owner = b.accountId();
        return listing(call, b, "ListVersionsResult", req.withCursor(Lister.cursorAfterMarker(keyMarker, req.delimiter())),
                (xml, page) -> xml.element("KeyMarker", enc(keyMarker == null ? "" : keyMarker, url))
                        .element("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker),
                (xml, page) -> {
                    if (page.truncated()) {
                        xml.element("NextKeyMarker", enc(page.lastItem(), url)).element("NextVersionIdMarker", "null");
                    }
                }, (xml, o) -> xml.open("Version").element("Key", enc(o.key(), url)).element("VersionId", "null")
                        .element("IsLatest", true).element("LastModified", S3Responses.iso(o.lastModified()))
                        .element("ETag", "\"" + o.etag() + "\"").element("Size", o.size())
                        .element("StorageClass", "STANDARD").open("Owner").element("ID", owner)
                        .element("DisplayName", owner).close("Owner").close("Version"));
    }

    /**
     * One page of a listing, in the element order all three listings share: Name, Prefix, then the
     * listing's {@code markers}, MaxKeys, Delimiter, IsTruncated, then its {@code next} markers,
     * EncodingType, one {@code entry} per object, and CommonPrefixes.
     */
    private Uni<Void> listing(S3Call call, Bucket b, String root, Lister.Request req,
            BiConsumer<Xml, Lister.Page> markers, BiConsumer<Xml, Lister.Page> next, BiConsumer<Xml, ObjectMeta> entry) {
        boolean url = urlEncoding(call);
        return lister.list(b.name(), req).flatMap(page -> {
            Xml xml = Xml.document(root).element("Name", b.name()).element("Prefix", enc(req.prefix(), url));
            markers.accept(xml, page);
            xml.element("MaxKeys", req.maxKeys());
            if (!req.delimiter().isEmpty()) {
                xml.element("Delimiter", enc(req.delimiter(), url));
            }
            xml.element("IsTruncated", page.truncated());
            next.accept(xml, page);
            if (url) {
                xml.element("EncodingType", "url");
            }
            for (ObjectMeta o : page.objects()) {
                entry.accept(xml, o);
            }
            prefixes(xml, page.prefixes(), url);
            return send(call, xml.end(root));
        });
    }

    /** One {@code <Object>} of a DeleteObjects document and why it cannot be deleted (null: it can). */
    private record DeleteEntry(String key, S3Exception problem) {
    }

    Uni<Void> deleteObjects(S3Call call, Bucket b) {
        return Bodies.readSmall(call, 2 * 1024 * 1024).flatMap(body -> {
            JsonNode doc = XmlInput.parse(body, "Delete");
            boolean quiet = "true".equalsIgnoreCase(XmlInput.text(doc, "Quiet"));
            List<DeleteEntry> entries = new ArrayList<>();
            for (JsonNode o : XmlInput.all(doc, "Object")) {
                String key = XmlInput.text(o, "Key");
                if (key == null && !o.has("Key")) {
                    throw S3Error.MALFORMED_XML.exception();
                }
                entries.add(new DeleteEntry(key == null ? "" : key, deleteProblem(key, XmlInput.text(o, "VersionId"))));
            }
            if (entries.isEmpty() || entries.size() > 1000) {
                throw S3Error.MALFORMED_XML.exception("DeleteObjects takes between 1 and 1000 keys.");
            }
            return Multi.createFrom().iterable(entries).onItem().transformToUniAndConcatenate(entry -> {
                if (entry.problem() != null) {
                    return Uni.createFrom().voidItem();
                }
                return objects.delete(b.name(), entry.key()).map(blob -> {
                    if (blob != null) {
                        blobs.deleteLater(blob);
                    }
                    return (Void) null;
                });
            }).collect().asList().flatMap(done -> {
                boolean url = urlEncoding(call);
                Xml xml = Xml.document("DeleteResult");
                for (DeleteEntry entry : entries) {
                    if (entry.problem() != null) {
                        xml.open("Error").element("Key", enc(entry.key(), url))
                                .element("Code", entry.problem().error().code())
                                .element("Message", entry.problem().getMessage()).close("Error");
                    } else if (!quiet) {
                        xml.open("Deleted").element("Key", enc(entry.key(), url)).close("Deleted");
                    }
                }
                return send(call, xml.end("DeleteResult"));
            });
        });
    }

    /** Why one key of DeleteObjects cannot be deleted, or null; reported in its own {@code <Error>}. */
    private static S3Exception deleteProblem(String key, String versionId) {
        if (key == null || key.isEmpty()) {
            return S3Error.INVALID_ARGUMENT.exception("The key of an object to delete cannot be empty.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            return S3Error.KEY_TOO_LONG.exception();
        }
        try {
            VersionIds.requireNullVersion(versionId);
            return null;
        } catch (S3Exception e) {
            return e;
        }
    }

    private static Lister.Request listRequest(S3Call call) {
        String prefix = call.param("prefix") == null ? "" : call.param("prefix");
        String delimiter = call.param("delimiter") == null ? "" : call.param("delimiter");
        int maxKeys = 1000;
        String max = call.param("max-keys");
        if (max == null) {
            max = call.param("max-uploads");
        }
        if (max != null) {
            try {
                maxKeys = Integer.parseInt(max.trim());
            } catch (NumberFormatException e) {
                throw S3Error.INVALID_ARGUMENT.exception("Provided max-keys not an integer or within integer range");
            }
            if (maxKeys < 0) {
                throw S3Error.INVALID_ARGUMENT.exception("Argument maxKeys must be an integer between 0 and 2147483647");
            }
            maxKeys = Math.min(maxKeys, 1000);
        }
        String encoding = call.param("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request");
        }
        return new Lister.Request(prefix, delimiter, maxKeys, null);
    }

    private static boolean urlEncoding(S3Call call) {
        return "url".equals(call.param("encoding-type"));
    }

    static String enc(String s, boolean url) {
        return url && s != null ? UriEncoding.encode(s, true) : s;
    }

    private static void contents(Xml xml, ObjectMeta o, boolean url, String owner) {
        xml.open("Contents").element("Key", enc(o.key(), url))
                .element("LastModified", S3Responses.iso(o.lastModified()))
                .element("ETag", "\"" + o.etag() + "\"").element("Size", o.size());
        String algorithm = MultipartChecksum.algorithm(o.checksums());
        if (algorithm != null) {
            xml.element("ChecksumAlgorithm", algorithm).element("ChecksumType",
                    MultipartChecksum.type(o.checksums()));
        }
        xml.element("StorageClass", "STANDARD");
        if (owner != null) {
            xml.open("Owner").element("ID", owner).element("DisplayName", owner).close("Owner");
        }
        xml.close("Contents");
    }

    private static void prefixes(Xml xml, List<String> prefixes, boolean url) {
        for (String p : prefixes) {
            xml.open("CommonPrefixes").element("Prefix", enc(p, url)).close("CommonPrefixes");
        }
    }

    private static Uni<Void> send(S3Call call, String body) {
        return Uni.createFrom().completionStage(S3Responses.xml(call, body).toCompletionStage());
    }
}
