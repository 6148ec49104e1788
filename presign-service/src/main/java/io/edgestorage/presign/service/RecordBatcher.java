package io.edgestorage.presign.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Coalesces writes submitted from any thread into one upstream call: the first item of a batch opens a
 * window of {@code window}; what arrives within it, up to {@code maxBatch} items, goes out together (a full
 * batch goes at once). Each caller's future completes when the call holding its item is acknowledged, and
 * fails with that call's failure, or with a {@link TimeoutException} when no answer came within
 * {@code timeout} — so a caller never proceeds on a write that may not have happened.
 * <p>
 * The shape of object-service's {@code StatementBatcher}, but shared by every event loop (presigns arrive on
 * all of them and one call per window is the point) and bounded in time, not by calls in flight: an idle
 * service pays the window once per request, a busy one one call per window instead of one per request.
 */
public final class RecordBatcher<T> {

    private final Vertx vertx;
    private final Function<List<T>, Future<Void>> send;
    private final long windowMillis;
    private final int maxBatch;
    private final long timeoutMillis;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private List<Pending<T>> open = new ArrayList<>();
    /** The timer that sends {@link #open}, or -1 when it is empty. Guarded by {@link #lock}. */
    private long windowTimer = -1;

    /**
     * @param send one upstream call for a batch, in submission order; its future completes on the acknowledgement
     */
    public RecordBatcher(Vertx vertx, Function<List<T>, Future<Void>> send, Duration window, int maxBatch,
            Duration timeout) {
        if (maxBatch < 1 || window.isNegative() || window.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("window, maxBatch and timeout must be positive");
        }
        this.vertx = vertx;
        this.send = send;
        // Vert.x timers count whole milliseconds, at least one.
        this.windowMillis = Math.max(1, window.toMillis());
        this.maxBatch = maxBatch;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /** Completes once the batch holding {@code item} is acknowledged; fails if it failed or timed out. */
    public Future<Void> submit(T item) {
        Promise<Void> promise = Promise.promise();
        List<Pending<T>> full = null;
        synchronized (lock) {
            open.add(new Pending<>(item, promise));
            if (open.size() >= maxBatch) {
                full = takeOpen();
            } else if (windowTimer < 0) {
                windowTimer = vertx.setTimer(windowMillis, this::windowClosed);
            }
        }
        if (full != null) {
            dispatch(full);
        }
        return promise.future();
    }

    private void windowClosed(long timer) {
        List<Pending<T>> batch;
        synchronized (lock) {
            if (timer != windowTimer) {
                return; // the batch filled up and left before its window closed
            }
            batch = takeOpen();
        }
        dispatch(batch);
    }

    /** Call with {@link #lock} held. */
    private List<Pending<T>> takeOpen() {
        List<Pending<T>> batch = open;
        open = new ArrayList<>(Math.min(maxBatch, 64));
        if (windowTimer >= 0) {
            vertx.cancelTimer(windowTimer);
            windowTimer = -1;
        }
        return batch;
    }

    private void dispatch(List<Pending<T>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item));
        long deadline = vertx.setTimer(timeoutMillis, t -> failAll(batch,
                new TimeoutException("no acknowledgement within " + timeoutMillis + " ms")));
        Future<Void> call;
        try {
            call = send.apply(items);
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        call.onComplete(ar -> {
            vertx.cancelTimer(deadline);
            if (ar.succeeded()) {
                batch.forEach(p -> p.promise.tryComplete());
            } else {
                failAll(batch, ar.cause());
            }
        });
    }

    private static <T> void failAll(List<Pending<T>> batch, Throwable cause) {
        batch.forEach(p -> p.promise.tryFail(cause));
    }

    private record Pending<T>(T item, Promise<Void> promise) {
    }
}
