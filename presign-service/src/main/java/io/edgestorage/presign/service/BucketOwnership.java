package io.edgestorage.presign.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.presign.client.BucketView;
import io.edgestorage.presign.client.UpstreamNotFoundException;
import io.edgestorage.presign.client.Upstreams;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/**
 * Answers "does this bucket exist and belong to this account?" through object-service. Only a "yes"
 * is cached (briefly, {@code quarkus.cache.caffeine.bucket-ownership.*}) so a bucket created a moment
 * ago is found at once; "absent" and "someone else's" are the same 404.
 */
@ApplicationScoped
public class BucketOwnership {

    private static final Logger LOG = Logger.getLogger(BucketOwnership.class);

    private final Upstreams upstreams;
    private final Cache cache;

    public BucketOwnership(Upstreams upstreams, @CacheName("bucket-ownership") Cache cache) {
        this.upstreams = upstreams;
        this.cache = cache;
    }

    /** The cached "yes" for this account and bucket, or null when the cache does not hold one. */
    public BucketView cachedOwned(String account, String bucket) {
        return CachedValues.present(cache, new Key(account, bucket));
    }

    /** Completes when the account owns the bucket; fails with a 404 or 503 {@link ProblemException}. */
    public Uni<BucketView> requireOwned(String account, String bucket, String requestId) {
        Key key = new Key(account, bucket);
        BucketView known = CachedValues.present(cache, key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return cache.getAsync(key, k -> upstreams.bucket(account, bucket, requestId))
                .onFailure().transform(e -> translate(e, bucket));
    }

    /** The one answer for a bucket that is absent, another account's, or could not exist at all. */
    public static ProblemException noSuchBucket(String bucket) {
        return ProblemException.notFound("no-such-bucket", "The bucket '" + bucket + "' does not exist");
    }

    private static Throwable translate(Throwable e, String bucket) {
        if (e instanceof UpstreamNotFoundException) {
            return noSuchBucket(bucket);
        }
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.warnf("object-service unavailable for the ownership check: %s", e.toString());
        return ProblemException.unavailable("upstream-unavailable",
                "object-service is unavailable; try again shortly");
    }

    record Key(String account, String bucket) {
    }
}
