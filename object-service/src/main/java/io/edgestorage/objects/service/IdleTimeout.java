package io.edgestorage.objects.service;

import java.time.Duration;

import io.vertx.core.Vertx;

/**
 * Notices a request body that stops arriving. Without it a client that declares more bytes than it sends
 * holds the request (and its half-written blob) open until the connection's idle timeout, with no answer;
 * S3 answers 400 RequestTimeout after about 20 s without a byte. Not thread-safe: used on the request's
 * event loop only.
 */
public final class IdleTimeout {

    private final Vertx vertx;
    private final long millis;
    private final Runnable onIdle;
    private long timer = -1;
    private long lastActivityNanos;
    private boolean stopped;

    private IdleTimeout(Vertx vertx, Duration timeout, Runnable onIdle) {
        this.vertx = vertx;
        this.millis = Math.max(1, timeout.toMillis());
        this.onIdle = onIdle;
    }

    /** Starts counting now; {@code onIdle} runs once if no {@link #touch()} comes within {@code timeout}. */
    public static IdleTimeout start(Vertx vertx, Duration timeout, Runnable onIdle) {
        IdleTimeout t = new IdleTimeout(vertx, timeout, onIdle);
        t.touch();
        return t;
    }

    /**
     * Bytes arrived (or reading resumed): the client has another full period. Only a time stamp per chunk;
     * the one timer is re-armed when it fires early, not on every chunk.
     */
    public void touch() {
        if (stopped) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (timer < 0) {
            arm(millis);
        }
    }

    /** We, not the client, hold the body back (back-pressure): no time counts until the next touch. */
    public void suspend() {
        cancelTimer();
    }

    /** The body ended or failed. */
    public void stop() {
        stopped = true;
        cancelTimer();
    }

    private void arm(long delayMillis) {
        timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            timer = -1;
            if (stopped) {
                return;
            }
            long idleMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
            if (idleMillis >= millis) {
                stopped = true;
                onIdle.run();
            } else {
                arm(millis - idleMillis);
            }
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
