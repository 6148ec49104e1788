package io.edgestorage.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long DELAY = 5_000;

    @Test
    void staysClosed_untilTheWindowIsFullAndFailuresReachTheRatio() {
        CircuitBreaker breaker = new CircuitBreaker(4, 0.5, DELAY);
        breaker.record(false, 0);
        breaker.record(false, 0);
        breaker.record(true, 0);
        assertThat(breaker.state()).as("window not full yet").isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.record(true, 0);
        assertThat(breaker.state()).as("2 of 4 failed: ratio reached").isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void oldOutcomesRollOutOfTheWindow() {
        CircuitBreaker breaker = new CircuitBreaker(4, 0.75, DELAY);
        breaker.record(false, 0);
        breaker.record(false, 0);
        for (int i = 0; i < 4; i++) {
            breaker.record(true, 0);
        }
        breaker.record(false, 0);
        breaker.record(false, 0);
        assertThat(breaker.state()).as("only 2 of the last 4 failed").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anOpenCircuit_refusesUntilTheDelay_thenLetsOneProbeThrough() {
        CircuitBreaker breaker = new CircuitBreaker(2, 1.0, DELAY);
        breaker.record(false, 0);
        breaker.record(false, 100);
        assertThat(breaker.tryAcquire(100 + DELAY - 1)).isFalse();
        assertThat(breaker.tryAcquire(100 + DELAY)).as("the probe").isTrue();
        assertThat(breaker.tryAcquire(100 + DELAY)).as("only one probe at a time").isFalse();
        breaker.record(false, 200 + DELAY);
        assertThat(breaker.state()).as("a failed probe re-opens").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire(200 + 2 * DELAY)).isTrue();
        breaker.record(true, 300 + 2 * DELAY);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.record(false, 400 + 2 * DELAY);
        assertThat(breaker.state()).as("a fresh window after closing").isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
