package io.edgestorage.objects.s3;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.common.internal.InternalListener;
import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketNames;
import io.edgestorage.objects.ObjectMeta;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.auth.Authenticator;
import io.edgestorage.objects.auth.TransferGuard;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.body.BodyLimits;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.BucketOwnerCache;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.CorsRepository;
import io.edgestorage.objects.metadata.ObjectRepository;
import io.edgestorage.objects.s3.semantics.CorsEvaluator;
import io.edgestorage.objects.s3.semantics.UriSyntax;
import io.edgestorage.objects.s3.semantics.VersionIds;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The S3 data plane on plain Vert.x: every path except {@code /internal/**} and {@code /q/**} (which
 * stay with Quarkus REST and the health/metrics endpoints, on the internal listener only). Bodies are never buffered by a body
 * handler: the request is paused on arrival and streamed by the operation that needs it, after
 * authentication.
 */
@ApplicationScoped
public class S3Router {

    /** Bucket name that path-style S3 cannot have: {@code /internal/**} is the internal API. */
    public static final String RESERVED_BUCKET = "internal";

    /** S3 sub-resources this data plane does not implement: NotImplemented rather than a wrong answer. */
    static final Set<String> UNSUPPORTED_SUBRESOURCES = Set.of("policy", "policyStatus", "tagging",
            "lifecycle", "website", "replication", "encryption", "object-lock", "retention", "legal-hold",
            "notification", "logging", "requestPayment", "accelerate", "analytics", "inventory", "metrics",
            "intelligent-tiering", "ownershipControls", "publicAccessBlock", "torrent", "restore", "select",
            "attributes", "renameObject", "session", "metadataTable", "metadataConfiguration");

    /**
     * Sub-resources only the owner reads (ACLs, CORS, location, versioning, uploads and their parts, versions): an
     * anonymous request naming one is refused even on a public-read bucket, which opens objects and listings only.
     */
    static final Set<String> OWNER_ONLY_SUBRESOURCES = Set.of("acl", "cors", "location", "versioning", "uploads",
            "uploadId", "versions", "delete");

    /** The routing-context entry the access log prints as {@code signer=} (application.properties). */
    static final String SIGNER = "edge.signer";

    private final ObjectServiceConfig config;
    private final Authenticator authenticator;
    private final BucketRepository buckets;
    private final CorsRepository cors;
    private final ObjectRepository objects;
    private final BucketOps bucketOps;
    private final ObjectOps objectOps;
    private final MultipartOps multipartOps;
    private final CorsOps corsOps;
    private final BucketOwnerCache owners;
    private final TransferGuard transfers;
    private final BodyLimits bodyLimits;
    private final InternalListener internalListener;
    private final GrantEnforcement grants;
    private final AclOps aclOps;

    public S3Router(ObjectServiceConfig config, Authenticator authenticator, BucketRepository buckets,
            CorsRepository cors, ObjectRepository objects, BucketOps bucketOps, ObjectOps objectOps,
            MultipartOps multipartOps, CorsOps corsOps, BucketOwnerCache owners, TransferGuard transfers,
            InternalListener internalListener, GrantEnforcement grants, AclOps aclOps) {
        this.config = config;
        this.aclOps = aclOps;
        this.grants = grants;
        this.transfers = transfers;
        this.internalListener = internalListener;
        this.bodyLimits = new BodyLimits(config.s3().bodyIdleTimeout(), config.s3().bodyMinRate().asLongValue(),
                config.s3().bodyRateWindow());
        this.authenticator = authenticator;
        this.buckets = buckets;
        this.owners = owners;
        this.cors = cors;
        this.objects = objects;
        this.bucketOps = bucketOps;
        this.objectOps = objectOps;
        this.multipartOps = multipartOps;
        this.corsOps = corsOps;
    }

    void register(@Observes Router router) {
        router.routeWithRegex("^/(?!internal/|q/).*").order(-100).handler(this::handle).failureHandler(this::refused);
        router.route("/").order(-100).handler(this::handle).failureHandler(this::refused);
        router.errorHandler(400, this::unroutable);
    }

    /** A request Vert.x-web failed with 400 on a data-plane path before our handler ran (no Host header). */
    private void refused(RoutingContext rc) {
        if (rc.statusCode() == 400) {
            unroutable(rc);
        } else {
            rc.next();
        }
    }

    /**
     * Requests Vert.x-web refuses before any route runs: a path with a malformed percent-escape ({@code %zz}),
     * an HTTP/1.1 request without a Host header. On the data plane (every path of the public port) they get S3 XML
     * (InvalidURI, InvalidRequest); the internal listener's {@code /q} and {@code /internal} keep the router's
     * plain 400. (Quarkus' own URI check, which answered a
     * bare 400, is switched off by {@link io.edgestorage.objects.ObjectServiceMain}.)
     */
    private void unroutable(RoutingContext rc) {
        String path = rc.request().path();
        if (path == null || internalListener.received(rc.request())) {
            rc.response().setStatusCode(400).end("Bad Request");
            return;
        }
        S3Exception refusal;
        try {
            UriSyntax.requireDecodable(path);
            refusal = S3Error.INVALID_REQUEST.exception(rc.failure() != null && rc.failure().getMessage() != null
                    ? rc.failure().getMessage() : "The request could not be routed.");
        } catch (S3Exception invalidUri) {
            refusal = invalidUri;
        }
        S3Responses.error(S3Call.unaddressed(rc), refusal);
    }

    void handle(RoutingContext rc) {
        rc.request().pause();
        // Without a handler Vert.x logs every connection error at ERROR, clients hanging up included.
        rc.request().connection().exceptionHandler(S3Responses::connectionFailure);
        S3Call call;
        try {
            call = S3Call.of(rc, config.s3().domain());
        } catch (RuntimeException e) {
            S3Responses.error(S3Call.unaddressed(rc), e instanceof S3Exception ? e : S3Error.INVALID_URI.exception());
            return;
        }
        call.bodyLimits = bodyLimits;
        Future<Void> flow;
        try {
            flow = process(call);
        } catch (RuntimeException e) {
            flow = Future.failedFuture(e);
        }
        flow.onComplete(ok -> {
            call.releaseIfBodyless();
            if (!call.response.ended() && !call.response.headWritten()) {
                S3Responses.error(call, new IllegalStateException("operation ended without a response"));
            }
            if (call.response.getStatusCode() >= 400) {
                grants.giveBack(call);
            }
        }, failure -> {
            if (call.useTaken) {
                grants.giveBack(call).onComplete(x -> S3Responses.error(call, failure));
            } else {
                S3Responses.error(call, failure);
            }
        });
    }

    /**
     * Plain Vert.x futures up to the operation: GetObject and HeadObject stay on them to the end, the other
     * operations are Mutiny chains joined here. Mutiny's operators capture and restore the request context
     * at every step, which cost about a tenth of a small GET's CPU (see decision 006).
     */
    private Future<Void> process(S3Call call) {
        if (call.keyBytes() > 1024) {
            throw S3Error.KEY_TOO_LONG.exception();
        }
        if (call.carriesNul()) {
            // PostgreSQL text cannot hold U+0000: refuse it here rather than fail a statement with a 500
            throw S3Error.INVALID_ARGUMENT.exception(
                    "Object keys, copy sources and query parameters cannot contain the character U+0000.");
        }
        if (RESERVED_BUCKET.equals(call.bucket)) {
            throw "PUT".equals(call.method()) && call.key == null
                    ? S3Error.INVALID_BUCKET_NAME.exception("The bucket name 'internal' is reserved.")
                    : S3Error.NO_SUCH_BUCKET.exception();
        }
        String badName = call.bucket == null ? null : BucketNames.problem(call.bucket);
        if (badName != null) {
            // No bucket can have this name: answer before any lookup (PostgreSQL text cannot even hold U+0000)
            throw S3Error.INVALID_BUCKET_NAME.exception(badName);
        }
        if ("OPTIONS".equals(call.method())) {
            return UniHelper.toFuture(corsOps.preflight(call));
        }
        return matchCors(call)
                .compose(v -> {
                    call.grant = GrantEnforcement.read(call);
                    return authenticator.authenticate(call.view, call.hostBucket);
                })
                .compose(auth -> {
                    call.auth = auth;
                    call.rc.put(SIGNER, auth.signer());
                    if (auth.anonymous()) {
                        return admitAnonymous(call);
                    }
                    call.credentialWatch = transfers.watch(call.rc.vertx(), auth);
                    return grants.admit(call);
                })
                .compose(v -> dispatch(call));
    }

    /**
     * An unsigned request goes on only if it reads objects or lists a bucket (GET or HEAD, no owner-only
     * sub-resource); whether the bucket is public-read is checked where it is looked up ({@link #readable}).
     * Anything else is refused before its body is read: NoSuchBucket when the bucket does not exist (as S3
     * answers), AccessDenied otherwise. Object revocations name presigned URLs, so they do not apply here.
     */
    private Future<Void> admitAnonymous(S3Call call) {
        if (call.bucket != null && anonymousRead(call)) {
            if (call.key != null && call.paramNames().stream().anyMatch(RESPONSE_OVERRIDES::contains)) {
                throw S3Error.INVALID_REQUEST.exception(
                        "Request specific response headers cannot be used for anonymous GET requests.");
            }
            return Future.succeededFuture();
        }
        if (call.bucket == null) {
            throw S3Error.ACCESS_DENIED.exception();
        }
        return buckets.findBatched(call.bucket).map(b -> {
            throw b == null ? S3Error.NO_SUCH_BUCKET.exception() : S3Error.ACCESS_DENIED.exception();
        });
    }

    /** The response-* parameters of GetObject, which S3 accepts on signed requests only. */
    private static final Set<String> RESPONSE_OVERRIDES = Set.of("response-content-type",
            "response-content-disposition", "response-cache-control", "response-expires", "response-content-language",
            "response-content-encoding");

    /** GET or HEAD of an object or a bucket without a sub-resource only the owner may read. */
    static boolean anonymousRead(S3Call call) {
        String method = call.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        for (String name : call.paramNames()) {
            if (OWNER_ONLY_SUBRESOURCES.contains(name) || UNSUPPORTED_SUBRESOURCES.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** Finds the CORS rule for a cross-origin request first, so even its error responses carry CORS headers. */
    private Future<Void> matchCors(S3Call call) {
        String origin = call.header("Origin");
        if (origin == null || call.bucket == null) {
            return Future.succeededFuture();
        }
        return UniHelper.toFuture(cors.find(call.bucket)).map(rules -> {
            call.corsRule = CorsEvaluator.match(rules, origin, call.method(), List.of());
            return null;
        });
    }

    private Future<Void> dispatch(S3Call call) {
        String method = call.method();
        for (String name : call.paramNames()) {
            if (UNSUPPORTED_SUBRESOURCES.contains(name)) {
                throw S3Error.NOT_IMPLEMENTED.exception("The '" + name + "' sub-resource is not implemented.");
            }
        }
        if (call.has("acl") && !"GET".equals(method) && !"PUT".equals(method)) {
            throw S3Error.NOT_IMPLEMENTED.exception("The 'acl' sub-resource is read with GET and set with PUT.");
        }
        if (call.key != null && !call.has("uploadId") && !call.has("acl")
                && ("GET".equals(method) || "HEAD".equals(method))) {
            requireNullVersion(call);
            return readableObject(call).compose(o -> objectOps.get(call, o, "HEAD".equals(method)));
        }
        if (call.key != null && "PUT".equals(method) && !call.has("uploadId") && !call.has("partNumber")
                && !call.has("acl") && call.header("x-amz-copy-source") == null) {
            return checkPutTarget(call).compose(v -> objectOps.put(call));
        }
        return UniHelper.toFuture(dispatchMutiny(call, method));
    }

    private Uni<Void> dispatchMutiny(S3Call call, String method) {
        if (call.bucket == null) {
            if ("GET".equals(method)) {
                return bucketOps.listBuckets(call);
            }
            throw S3Error.METHOD_NOT_ALLOWED.exception();
        }
        if (call.key == null) {
            return dispatchBucket(call, method);
        }
        return dispatchObject(call, method);
    }

    private Uni<Void> dispatchBucket(S3Call call, String method) {
        switch (method) {
            case "PUT":
                if (call.has("acl")) {
                    return owned(call).flatMap(b -> aclOps.putBucketAcl(call, b));
                }
                if (call.has("cors")) {
                    return owned(call).flatMap(b -> corsOps.put(call, b));
                }
                if (call.has("versioning")) {
                    throw S3Error.NOT_IMPLEMENTED.exception("Versioning cannot be enabled on this store.");
                }
                return bucketOps.create(call);
            case "HEAD":
                return readable(call).flatMap(b -> bucketOps.head(call, b));
            case "DELETE":
                if (call.has("cors")) {
                    return owned(call).flatMap(b -> corsOps.delete(call, b));
                }
                return owned(call).flatMap(b -> bucketOps.delete(call, b));
            case "GET":
                if (call.paramNames().stream().noneMatch(OWNER_ONLY_SUBRESOURCES::contains)) {
                    return readable(call).flatMap(b -> "2".equals(call.param("list-type"))
                            ? bucketOps.listV2(call, b) : bucketOps.listV1(call, b));
                }
                return owned(call).flatMap(b -> {
                    if (call.has("acl")) {
                        return aclOps.getBucketAcl(call, b);
                    }
                    if (call.has("location")) {
                        return bucketOps.location(call, b);
                    }
                    if (call.has("cors")) {
                        return corsOps.get(call, b);
                    }
                    if (call.has("versioning")) {
                        return bucketOps.versioning(call, b);
                    }
                    if (call.has("uploads")) {
                        return multipartOps.listUploads(call, b);
                    }
                    if (call.has("versions")) {
                        return bucketOps.listVersions(call, b);
                    }
                    return "2".equals(call.param("list-type")) ? bucketOps.listV2(call, b) : bucketOps.listV1(call, b);
                });
            case "POST":
                if (call.has("delete")) {
                    return owned(call).flatMap(b -> bucketOps.deleteObjects(call, b));
                }
                throw S3Error.NOT_IMPLEMENTED.exception("POST on a bucket is implemented for ?delete only.");
            default:
                throw S3Error.METHOD_NOT_ALLOWED.exception();
        }
    }

    private Uni<Void> dispatchObject(S3Call call, String method) {
        switch (method) {
            case "PUT":
                // PutObject never comes here (see dispatch)
                if (call.has("acl")) {
                    return owned(call).flatMap(b -> aclOps.putObjectAcl(call, b));
                }
                if (call.has("uploadId") || call.has("partNumber")) {
                    return owned(call).flatMap(b -> call.header("x-amz-copy-source") != null
                            ? multipartOps.uploadPartCopy(call, b) : multipartOps.uploadPart(call, b));
                }
                return owned(call).flatMap(b -> objectOps.copy(call, b));
            case "GET":
                // GetObject and HeadObject never come here (see dispatch)
                if (call.has("acl")) {
                    return owned(call).flatMap(b -> aclOps.getObjectAcl(call, b));
                }
                return owned(call).flatMap(b -> multipartOps.listParts(call, b));
            case "DELETE":
                if (call.has("uploadId")) {
                    return owned(call).flatMap(b -> multipartOps.abort(call, b));
                }
                requireNullVersion(call);
                return owned(call).flatMap(b -> objectOps.delete(call, b));
            case "POST":
                if (call.has("uploads")) {
                    return owned(call).flatMap(b -> multipartOps.create(call, b));
                }
                if (call.has("uploadId")) {
                    return owned(call).flatMap(b -> multipartOps.complete(call, b));
                }
                throw S3Error.NOT_IMPLEMENTED.exception("POST on an object is implemented for multipart uploads only.");
            default:
                throw S3Error.METHOD_NOT_ALLOWED.exception();
        }
    }

    /** The addressed bucket, which must exist and belong to the signer's account. */
    private Uni<Bucket> owned(S3Call call) {
        return buckets.find(call.bucket).map(b -> checkOwner(call, b));
    }

    /** The addressed bucket for a read (objects, listings): the signer's own, or a public-read one. */
    private Uni<Bucket> readable(S3Call call) {
        return buckets.find(call.bucket).map(b -> checkReader(call, b));
    }

    /**
     * PutObject's ownership check, before the body is read: no query for a bucket this account was recently
     * seen to own, because the publication checks ownership again (see {@link BucketOwnerCache}); otherwise
     * the batched bucket lookup (many small PUTs in flight share a statement).
     */
    private Future<Void> checkPutTarget(S3Call call) {
        // a canned ACL is checked against the bucket's access, which the owner cache does not hold
        boolean acl = call.header("x-amz-acl") != null;
        if (!acl && owners.ownedBy(call.bucket, call.auth.accountId())) {
            return Future.succeededFuture();
        }
        return buckets.findBatched(call.bucket).map(b -> {
            checkOwner(call, b);
            owners.remember(b.name(), b.accountId());
            AclOps.refuseObjectAcl(call, b);
            return null;
        });
    }

    /**
     * The addressed object (null when absent) of a bucket that must exist and belong to the signer's account, or
     * be public-read.
     */
    private Future<ObjectMeta> readableObject(S3Call call) {
        return objects.locate(call.bucket, call.key).map(found -> {
            checkReader(call, found.bucket());
            return found.object();
        });
    }

    /** Never admits an anonymous request: every operation but a read goes through here. */
    private static Bucket checkOwner(S3Call call, Bucket b) {
        if (b == null) {
            throw S3Error.NO_SUCH_BUCKET.exception();
        }
        if (call.auth.anonymous() || !b.accountId().equals(call.auth.accountId())) {
            throw S3Error.ACCESS_DENIED.exception();
        }
        return b;
    }

    /** A public-read bucket is read by anyone, signed or not, as S3's AllUsers READ grant reads; else the owner. */
    private static Bucket checkReader(S3Call call, Bucket b) {
        return b != null && b.publicRead() ? b : checkOwner(call, b);
    }

    /** The {@code versionId} query parameter, checked ({@link VersionIds}); the names alone are read when it is absent. */
    private static void requireNullVersion(S3Call call) {
        if (call.has("versionId")) {
            VersionIds.requireNullVersion(call.param("versionId"));
        }
    }
}
