package io.edgestorage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFreshAccount_mayBurstUpToCapacity_thenIsRefused() {
        var limiter = new TokenBucketRateLimiter(3, 1);
        assertThat(limiter.tryAcquire("a", 0).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 0).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 0).allowed()).isTrue();
        var refused = limiter.tryAcquire("a", 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void tokensRefillOverTime_butNeverBeyondCapacity() {
        var limiter = new TokenBucketRateLimiter(2, 2);
        limiter.tryAcquire("a", 0);
        limiter.tryAcquire("a", 0);
        assertThat(limiter.tryAcquire("a", SECOND / 4).allowed()).isFalse();
        assertThat(limiter.tryAcquire("a", SECOND / 2).allowed()).isTrue();
        // a long pause refills to capacity (2), not to 20
        assertThat(limiter.tryAcquire("a", 10 * SECOND).remaining()).isEqualTo(1);
        assertThat(limiter.tryAcquire("a", 10 * SECOND).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 10 * SECOND).allowed()).isFalse();
    }

    @Test
    void accountsHaveSeparateBuckets() {
        var limiter = new TokenBucketRateLimiter(1, 1);
        assertThat(limiter.tryAcquire("a", 0).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 0).allowed()).isFalse();
        assertThat(limiter.tryAcquire("b", 0).allowed()).isTrue();
    }

    @Test
    void retryAfter_roundsTheWaitUpToWholeSeconds() {
        var limiter = new TokenBucketRateLimiter(1, 0.1);
        limiter.tryAcquire("a", 0);
        assertThat(limiter.tryAcquire("a", SECOND).retryAfterSeconds()).isEqualTo(9);
    }

    @Test
    void idleFullBuckets_areForgotten() {
        var limiter = new TokenBucketRateLimiter(5, 5);
        limiter.tryAcquire("a", 0);
        limiter.tryAcquire("b", 0);
        limiter.evictIdle(SECOND / 2);
        assertThat(limiter.trackedAccounts()).isEqualTo(2);
        limiter.evictIdle(2 * SECOND);
        assertThat(limiter.trackedAccounts()).isZero();
    }
}
