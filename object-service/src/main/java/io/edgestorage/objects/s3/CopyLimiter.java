package io.edgestorage.objects.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.smallrye.mutiny.Uni;

/**
 * Bounds the server-side copies (CopyObject, UploadPartCopy) each account runs at once on this replica: a
 * request of a few hundred bytes makes the replica read and write up to 5 GiB, so an account must not be able
 * to start them without limit. Beyond the limit a copy is answered 503 SlowDown, which SDKs retry with backoff.
 */
@ApplicationScoped
public class CopyLimiter {

    private final int perAccount;
    /** Copies running per account; an account without any has no entry. */
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    public CopyLimiter(ObjectServiceConfig config) {
        this.perAccount = config.s3().maxConcurrentCopies();
    }

    /** Runs {@code copy} holding one of the account's permits (released however it ends), or fails with SlowDown. */
    public <T> Uni<T> limit(String accountId, Supplier<Uni<? extends T>> copy) {
        if (!tryAcquire(accountId)) {
            return Uni.createFrom().failure(S3Error.SLOW_DOWN.exception("This account already runs " + perAccount
                    + " copies at once; retry when one has finished."));
        }
        return Uni.createFrom().<T>deferred(copy).onTermination().invoke(() -> release(accountId));
    }

    /** Takes one of the account's permits if one is left. */
    public boolean tryAcquire(String accountId) {
        boolean[] acquired = {false};
        running.compute(accountId, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= perAccount) {
                return n;
            }
            acquired[0] = true;
            return count + 1;
        });
        return acquired[0];
    }

    public void release(String accountId) {
        running.computeIfPresent(accountId, (k, n) -> n <= 1 ? null : n - 1);
    }
}
