package io.edgestorage.gateway.client;

/**
 * One upstream's circuit breaker, with MicroProfile Fault Tolerance's semantics: over the last
 * {@code window} calls, once the window is full and failures reach {@code failureRatio} of it, the
 * circuit opens for {@code delay}; then a single probe is let through (half-open) — success closes the
 * circuit with a fresh window, failure opens it again. Thread-safe (the gateway's event loops share it);
 * each call is a few field updates under the monitor.
 */
final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final boolean[] failed;
    private final int failuresToOpen;
    private final long delayNanos;
    private State state = State.CLOSED;
    private int next;
    private int seen;
    private int failures;
    private long openedAt;
    private boolean probing;

    CircuitBreaker(int window, double failureRatio, long delayNanos) {
        if (window < 1 || !(failureRatio > 0 && failureRatio <= 1) || delayNanos < 0) {
            throw new IllegalArgumentException("window >= 1, 0 < failureRatio <= 1, delay >= 0");
        }
        this.failed = new boolean[window];
        this.failuresToOpen = (int) Math.ceil(failureRatio * window);
        this.delayNanos = delayNanos;
    }

    /** May a call go through now? A true answer must be followed by exactly one {@link #record}. */
    synchronized boolean tryAcquire(long nowNanos) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nowNanos - openedAt < delayNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                probing = true;
                return true;
            default:
                if (probing) {
                    return false;
                }
                probing = true;
                return true;
        }
    }

    synchronized void record(boolean success, long nowNanos) {
        if (state == State.HALF_OPEN) {
            probing = false;
            if (success) {
                close();
            } else {
                open(nowNanos);
            }
            return;
        }
        if (state == State.OPEN) {
            return; // a late answer to a call let through before the circuit opened
        }
        if (seen == failed.length) {
            failures -= failed[next] ? 1 : 0;
        } else {
            seen++;
        }
        failed[next] = !success;
        failures += success ? 0 : 1;
        next = (next + 1) % failed.length;
        if (seen == failed.length && failures >= failuresToOpen) {
            open(nowNanos);
        }
    }

    synchronized State state() {
        return state;
    }

    private void open(long nowNanos) {
        state = State.OPEN;
        openedAt = nowNanos;
    }

    private void close() {
        state = State.CLOSED;
        java.util.Arrays.fill(failed, false);
        next = 0;
        seen = 0;
        failures = 0;
    }
}
