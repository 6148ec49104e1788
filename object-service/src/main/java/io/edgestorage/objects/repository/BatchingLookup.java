package io.edgestorage.objects.repository;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Coalesces point lookups made on the same event loop into one query: lookups made in one turn of the
 * event loop go out together at the end of the turn, and the ones that arrive while {@code maxInFlight}
 * queries are running wait for the next query, which takes them all (up to {@code maxBatch}). An idle
 * server therefore answers every lookup with its own query, while a busy one pays PostgreSQL's per-statement cost once per batch
 * instead of once per request. Every batch is a fresh query, so it sees every commit that finished
 * before its requests arrived: read-after-write holds as with one query per request.
 *
 * <p>Each event-loop thread has its own lane, so no locking is needed; a call from any other thread
 * is sent on its own. Every caller's result is delivered on the caller's own (duplicated) context, so
 * request-scoped state such as the request id in the logs stays with its request.
 */
public final class BatchingLookup<K, V> {

    private final Function<List<K>, Future<List<V>>> fetch;
    private final int maxInFlight;
    private final int maxBatch;
    private final ThreadLocal<Lane<K, V>> lanes = ThreadLocal.withInitial(Lane::new);

    /**
     * @param fetch answers a batch of keys with one value per key, in the same order
     */
    public BatchingLookup(Function<List<K>, Future<List<V>>> fetch, int maxInFlight, int maxBatch) {
        if (maxInFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxInFlight and maxBatch must be positive");
        }
        this.fetch = fetch;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
    }

    public Future<V> lookup(K key) {
        if (!Context.isOnEventLoopThread()) {
            return fetchSafely(List.of(key)).map(values -> values.get(0));
        }
        Lane<K, V> lane = lanes.get();
        Context context = Vertx.currentContext();
        Promise<V> promise = context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
        lane.waiting.add(new Pending<>(key, promise));
        if (lane.inFlight < maxInFlight && !lane.dispatchQueued) {
            // Sent once the event loop has handled the rest of what it read in this turn, so requests that
            // arrived together share one statement instead of the first going out alone.
            lane.dispatchQueued = true;
            context.runOnContext(v -> {
                lane.dispatchQueued = false;
                if (lane.inFlight < maxInFlight && !lane.waiting.isEmpty()) {
                    dispatch(lane);
                }
            });
        }
        return promise.future();
    }

    private void dispatch(Lane<K, V> lane) {
        int n = Math.min(lane.waiting.size(), maxBatch);
        List<Pending<K, V>> batch = new ArrayList<>(n);
        List<K> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Pending<K, V> p = lane.waiting.poll();
            batch.add(p);
            keys.add(p.key);
        }
        lane.inFlight++;
        Thread laneThread = Thread.currentThread();
        Context context = Vertx.currentContext();
        fetchSafely(keys).onComplete(ar -> {
            if (Thread.currentThread() != laneThread) {
                // The lane is only ever touched by its own event loop.
                context.runOnContext(v -> finish(lane, batch, ar));
            } else {
                finish(lane, batch, ar);
            }
        });
    }

    private void finish(Lane<K, V> lane, List<Pending<K, V>> batch, AsyncResult<List<V>> ar) {
        lane.inFlight--;
        if (ar.succeeded() && ar.result().size() == batch.size()) {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).promise.complete(ar.result().get(i));
            }
        } else {
            Throwable cause = ar.failed() ? ar.cause()
                    : new IllegalStateException("batch answered " + ar.result().size() + " of " + batch.size());
            batch.forEach(p -> p.promise.fail(cause));
        }
        if (!lane.waiting.isEmpty() && lane.inFlight < maxInFlight) {
            dispatch(lane);
        }
    }

    private Future<List<V>> fetchSafely(List<K> keys) {
        try {
            return fetch.apply(keys);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static final class Lane<K, V> {
        final ArrayDeque<Pending<K, V>> waiting = new ArrayDeque<>();
        int inFlight;
        boolean dispatchQueued;
    }

    private record Pending<K, V>(K key, Promise<V> promise) {
    }
}
