package io.edgestorage.objects.metadata;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Which account owned a bucket when this replica last looked, for PutObject only: a PUT into a bucket
 * its account was seen to own skips the ownership query before the body. That is safe because the
 * publication itself writes the object only if the bucket still belongs to the account (see
 * {@code ObjectRepository.publish}); a stale entry (bucket deleted, or recreated by another account) costs
 * that PUT a body written and removed again, never an object in someone else's bucket. Entries are only
 * ever made from the database's answer, so a stranger's PUT always meets the query first.
 */
@ApplicationScoped
public class BucketOwnerCache {

    /** Short, to bound the wasted body writes after a bucket changes owner; correctness does not depend on it. */
    static final Duration TTL = Duration.ofSeconds(30);

    private final Cache<String, String> owners = Caffeine.newBuilder()
            .expireAfterWrite(TTL)
            .maximumSize(10_000)
            .build();

    public boolean ownedBy(String bucket, String accountId) {
        return accountId.equals(owners.getIfPresent(bucket));
    }

    public void remember(String bucket, String accountId) {
        owners.put(bucket, accountId);
    }

    public void forget(String bucket) {
        owners.invalidate(bucket);
    }
}
