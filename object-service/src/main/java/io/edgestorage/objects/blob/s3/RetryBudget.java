package io.edgestorage.objects.blob.s3;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds retries to a share of the traffic: each request earns {@code ratio} of a retry, a retry spends one,
 * and at most {@code burst} are saved up. An upstream that fails everything then sees about {@code 1 + ratio}
 * times the load, never {@code 1 + maxRetries} times (a retry storm would keep a struggling store down).
 */
final class RetryBudget {

    private static final long MILLI = 1000;

    private final long earnedPerRequest;
    private final long capacity;
    private final AtomicLong balance;

    RetryBudget(double ratio, int burst) {
        this.earnedPerRequest = Math.round(ratio * MILLI);
        this.capacity = burst * MILLI;
        this.balance = new AtomicLong(capacity);
    }

    void onRequest() {
        balance.accumulateAndGet(earnedPerRequest, (b, earned) -> Math.min(capacity, b + earned));
    }

    /** True when a retry may be spent now. */
    boolean tryRetry() {
        while (true) {
            long b = balance.get();
            if (b < MILLI) {
                return false;
            }
            if (balance.compareAndSet(b, b - MILLI)) {
                return true;
            }
        }
    }
}
