package io.edgestorage.objects.internal;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketNames;
import io.edgestorage.objects.metadata.BucketRepository;
import io.smallrye.mutiny.Uni;

/** "The caller's bucket, or 404": absent, another account's and impossible names are one answer. */
@ApplicationScoped
public class OwnedBuckets {

    private final BucketRepository buckets;

    public OwnedBuckets(BucketRepository buckets) {
        this.buckets = buckets;
    }

    public Uni<Bucket> owned(String account, String name) {
        String owner = requireAccount(account);
        if (BucketNames.problem(name) != null) {
            // No bucket can have this name: answer before the lookup (PostgreSQL text cannot even hold U+0000)
            throw noSuchBucket(name);
        }
        return buckets.find(name).map(b -> {
            if (b == null || !b.accountId().equals(owner)) {
                throw noSuchBucket(name);
            }
            return b;
        });
    }

    static ProblemException noSuchBucket(String name) {
        return ProblemException.notFound("no-such-bucket", "No bucket " + name + " for this account");
    }

    static String requireAccount(String account) {
        if (account == null || account.isBlank()) {
            throw ProblemException.badRequest("account-required", "X-Edge-Account is required");
        }
        return account;
    }
}
