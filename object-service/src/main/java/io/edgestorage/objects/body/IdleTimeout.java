package io.edgestorage.objects.body;

import io.vertx.core.Vertx;

/**
 * Notices a request body that stops arriving or only trickles. Without it a client that declares more bytes
 * than it sends holds the request (and its half-written blob) open until the connection's idle timeout, with
 * no answer; S3 answers 400 RequestTimeout after about 20 s without a byte. A client sending one byte just
 * inside every idle timeout is caught by the minimum rate ({@link BodyLimits}). Not thread-safe: used on the
 * request's event loop only.
 */
final class IdleTimeout {

    private final Vertx vertx;
    private final long millis;
    private final long minBytesPerWindow;
    private final Runnable onIdle;
    private long timer = -1;
    private long rateTimer = -1;
    private long lastActivityNanos;
    private long windowBytes;
    /** We held the body back during the current rate window: its rate says nothing about the client. */
    private boolean heldBack;
    private boolean suspended;
    private boolean stopped;

    private IdleTimeout(Vertx vertx, BodyLimits limits, Runnable onIdle) {
        this.vertx = vertx;
        this.millis = Math.max(1, limits.idleTimeout().toMillis());
        this.minBytesPerWindow = limits.minBytesPerWindow();
        this.onIdle = onIdle;
        if (minBytesPerWindow > 0) {
            rateTimer = vertx.setPeriodic(Math.max(1, limits.rateWindow().toMillis()), id -> checkRate());
        }
    }

    /**
     * Starts counting now; {@code onIdle} runs once if no {@link #touch} comes within the idle timeout or a
     * rate window brings fewer bytes than the minimum rate asks.
     */
    public static IdleTimeout start(Vertx vertx, BodyLimits limits, Runnable onIdle) {
        IdleTimeout t = new IdleTimeout(vertx, limits, onIdle);
        t.touch(0);
        return t;
    }

    /**
     * {@code bytes} arrived (or, with 0, reading resumed): the client has another full idle period. Only a
     * time stamp per chunk; the one timer is re-armed when it fires early, not on every chunk.
     */
    public void touch(int bytes) {
        if (stopped) {
            return;
        }
        suspended = false;
        windowBytes += bytes;
        lastActivityNanos = System.nanoTime();
        if (timer < 0) {
            arm(millis);
        }
    }

    /** We, not the client, hold the body back (back-pressure): no time counts until the next touch. */
    public void suspend() {
        suspended = true;
        heldBack = true;
        cancelTimer();
    }

    /** The body ended or failed. */
    public void stop() {
        stopped = true;
        cancelTimer();
        if (rateTimer >= 0) {
            vertx.cancelTimer(rateTimer);
            rateTimer = -1;
        }
    }

    private void checkRate() {
        if (stopped) {
            return;
        }
        if (!heldBack && windowBytes < minBytesPerWindow) {
            timeOut();
            return;
        }
        windowBytes = 0;
        heldBack = suspended;
    }

    private void timeOut() {
        stop();
        onIdle.run();
    }

    private void arm(long delayMillis) {
        timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            timer = -1;
            if (stopped) {
                return;
            }
            long idleMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
            if (idleMillis >= millis) {
                timeOut();
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
