package io.edgestorage.objects.s3;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.auth.AuthContext;
import io.edgestorage.objects.body.Bodies;
import io.edgestorage.objects.grants.GrantRules;
import io.edgestorage.objects.grants.Grants;
import io.edgestorage.objects.metadata.GrantRepository;
import io.edgestorage.objects.metadata.WriteCondition;
import io.edgestorage.sigv4.AuthScheme;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;

/**
 * Grants on the data plane: the limits a presigned URL carries in its signed {@code X-Edge-*} parameters, and
 * the revocations of grants and objects. A request without those parameters pays one scan of its query names,
 * and a presigned one two in-memory lookups (revocations); only a grant with a use limit reaches the database.
 */
@ApplicationScoped
public class GrantEnforcement {

    private static final Logger LOG = Logger.getLogger(GrantEnforcement.class);

    private final Grants grants;
    private final GrantRepository repository;
    private final Clock clock;

    public GrantEnforcement(Grants grants, GrantRepository repository, Clock clock) {
        this.grants = grants;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The grant the query carries, or null; before authentication. Refused when a value is not one presign-service
     * writes, and on any request but a SigV4 presigned one: SigV2 and header auth do not sign the query's
     * {@code X-Edge-*} parameters, so anyone could have added or edited them.
     */
    static GrantPolicy read(S3Call call) {
        GrantPolicy policy;
        try {
            policy = GrantPolicy.fromQuery(call.paramNames(), call::param);
        } catch (GrantPolicy.InvalidGrant invalid) {
            throw GrantRules.invalidGrant(invalid);
        }
        if (policy != null && AuthScheme.detect(call.view) != AuthScheme.SIGV4_QUERY) {
            throw GrantRules.unsignedGrant();
        }
        return policy;
    }

    /**
     * Admits an authenticated request before any work is done for it: refused when its grant or its object was
     * revoked, when an upload breaks its grant's limits as declared, or when its grant has no use left; takes
     * the use otherwise ({@link #giveBack} returns it when the request fails).
     */
    Future<Void> admit(S3Call call) {
        GrantPolicy policy = call.grant;
        AuthContext auth = call.auth;
        if (auth.presigned()) {
            S3Exception revoked = revocationRefusal(call, policy);
            if (revoked != null) {
                throw revoked;
            }
        }
        if (policy == null) {
            return Future.succeededFuture();
        }
        refuseUpload(call, policy);
        if (!GrantRules.spendsUse(policy, call.method())) {
            return Future.succeededFuture();
        }
        return UniHelper.toFuture(repository.takeUse(auth.accountId(), policy.grantId(), policy.uses(),
                clock.instant())).map(taken -> {
                    if (!taken) {
                        throw GrantRules.usedUp();
                    }
                    call.useTaken = true;
                    return null;
                });
    }

    /**
     * Gives back the use a failed request took (an error answer, or a transfer that broke), before the error is
     * answered: a client retrying at once must find its use there again. Never fails.
     */
    Future<Void> giveBack(S3Call call) {
        if (!call.useTaken) {
            return Future.succeededFuture();
        }
        call.useTaken = false;
        String grantId = call.grant.grantId();
        return UniHelper.toFuture(repository.giveBackUse(call.auth.accountId(), grantId)).otherwise(e -> {
            LOG.warnf(e, "Could not give back a use of grant %s", grantId);
            return null;
        });
    }

    private S3Exception revocationRefusal(S3Call call, GrantPolicy policy) {
        String grantId = policy == null ? null : policy.grantId();
        if (call.key == null) {
            // Object revocations name objects; a bucket request is refused only by its own grant's revocation.
            return grantId != null && grants.isRevoked(grantId) ? GrantRules.revokedGrant() : null;
        }
        Instant sigV4IssuedAt = call.auth.verified() == null ? null : call.auth.verified().requestTime();
        Instant sigV2Expires = sigV4IssuedAt == null ? sigV2Expires(call) : null;
        return grants.revocationRefusal(grantId, call.bucket, call.key, sigV4IssuedAt, sigV2Expires);
    }

    /** A SigV2 presigned URL's {@code Expires}, which its verification already read as epoch seconds. */
    private static Instant sigV2Expires(S3Call call) {
        String expires = call.param("Expires");
        try {
            return expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.trim()));
        } catch (NumberFormatException e) {
            throw S3Error.ACCESS_DENIED.exception("Invalid date (should be seconds since epoch): " + expires);
        }
    }

    /**
     * An upload's Content-Type and declared length against its grant, before the body is read; and no write but a
     * plain upload under a grant that limits uploads (a copy would bypass the size and type it checks).
     */
    private static void refuseUpload(S3Call call, GrantPolicy policy) {
        if (!limitsUploads(policy)) {
            return;
        }
        String method = call.method();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return;
        }
        if (!isPlainUpload(call)) {
            throw S3Error.ACCESS_DENIED.exception("This URL allows a plain upload (PutObject or UploadPart) only");
        }
        // Only an aws-chunked payload is framed: otherwise x-amz-decoded-content-length is just a header the
        // client may set to anything, and Content-Length is what the body will be.
        String length = call.auth.payloadMode().isStreaming() ? call.header("x-amz-decoded-content-length")
                : call.header("Content-Length");
        long declared = Bodies.parseLength(length);
        S3Exception refusal = GrantRules.uploadRefusal(policy, call.header("Content-Type"), declared);
        if (refusal != null) {
            throw refusal;
        }
    }

    private static boolean isPlainUpload(S3Call call) {
        return "PUT".equals(call.method()) && call.key != null && call.header("x-amz-copy-source") == null;
    }

    private static boolean limitsUploads(GrantPolicy policy) {
        return policy.maxBytes() != GrantPolicy.UNLIMITED || !policy.contentTypes().isEmpty() || !policy.overwrite();
    }

    /** The largest body this upload may have: the store's limit, or the grant's when it is lower. */
    static long maxBodySize(S3Call call, long storeLimit) {
        GrantPolicy policy = call.grant;
        return policy == null || policy.maxBytes() == GrantPolicy.UNLIMITED ? storeLimit
                : Math.min(storeLimit, policy.maxBytes());
    }

    /** A body cut off for passing the grant's limit is refused in the grant's terms, with the size it allows. */
    static Throwable bodyFailure(S3Call call, Throwable failure) {
        GrantPolicy policy = call.grant;
        S3Exception s3 = S3Exception.from(failure);
        if (policy != null && policy.maxBytes() != GrantPolicy.UNLIMITED && s3 != null
                && s3.error() == S3Error.ENTITY_TOO_LARGE) {
            return GrantRules.tooLarge(policy);
        }
        return failure;
    }

    /**
     * The publication's precondition: a grant with {@code overwrite=false} requires the key to be absent, checked
     * in the publishing transaction as {@code If-None-Match: *} is (which also satisfies {@code If-None-Match:
     * "etag"}); with {@code If-Match} too, nothing can hold.
     */
    static WriteCondition writeCondition(S3Call call, WriteCondition requested) {
        GrantPolicy policy = call.grant;
        if (policy == null || policy.overwrite()) {
            return requested;
        }
        if (requested != null && !requested.mayBeAbsent()) {
            throw S3Error.PRECONDITION_FAILED.exception("This URL does not replace an existing object, and If-Match"
                    + " requires one");
        }
        return WriteCondition.absent();
    }
}
