package io.edgestorage.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per account: {@code capacity} requests in a burst, refilled at {@code refillPerSecond}.
 *
 * <p>Why not SmallRye Fault Tolerance's {@code @RateLimit}: it limits calls of one method across all
 * callers, while the Edge API promises each account its own allowance — one noisy account must not
 * throttle the others. Bucket4j would do, but this is a few lines of arithmetic under a lock per
 * account and needs no dependency. Time comes from the caller (nanoseconds) so tests need no sleeping.
 * Thread-safe; idle, full buckets are dropped by {@link #evictIdle(long)}.
 */
public final class TokenBucketRateLimiter {

    private final double capacity;
    private final double refillPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBucketRateLimiter(int capacity, double refillPerSecond) {
        if (capacity < 1 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("capacity must be ≥ 1 and the refill rate > 0");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1_000_000_000d;
    }

    /** The verdict for one request. */
    public record Decision(boolean allowed, long retryAfterSeconds, long remaining) {
    }

    /** Takes one token from the account's bucket if it has one. */
    public Decision tryAcquire(String account, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(account, a -> new Bucket(capacity, nowNanos));
        synchronized (bucket) {
            bucket.refill(nowNanos, capacity, refillPerNano);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, 0, (long) Math.floor(bucket.tokens));
            }
            double missing = 1 - bucket.tokens;
            long waitNanos = (long) Math.ceil(missing / refillPerNano);
            long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            return new Decision(false, retryAfter, 0);
        }
    }

    /** Forgets accounts whose bucket has been full for at least {@code idleNanos} (they lose nothing). */
    public void evictIdle(long nowNanos) {
        long fullAfter = (long) Math.ceil(capacity / refillPerNano);
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return nowNanos - e.getValue().updatedNanos >= fullAfter;
            }
        });
    }

    int trackedAccounts() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }

        void refill(long nowNanos, double capacity, double refillPerNano) {
            long elapsed = nowNanos - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
                updatedNanos = nowNanos;
            }
        }
    }
}
