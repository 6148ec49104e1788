package io.edgestorage.objects.metadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Coalesces calls made on the same event loop into one statement: calls made in one turn of the event
 * loop go out together at the end of the turn, and the ones that arrive while {@code maxInFlight}
 * statements are running wait for the next statement, which takes them all (up to {@code maxBatch}). An
 * idle server therefore answers every call with its own statement, while a busy one pays PostgreSQL's
 * per-statement (and, for writes, per-commit) cost once per batch instead of once per request.
 *
 * <p>Lookups: every batch is a fresh query, so it sees every commit that finished before its requests
 * arrived; read-after-write holds as with one query per request. Writes (group commit): a caller's future
 * completes only once the statement holding its row has committed.
 *
 * <p>Each event-loop thread has its own lane, so no locking is needed; a call from any other thread
 * is sent on its own. Every caller's result is delivered on the caller's own (duplicated) context, so
 * request-scoped state such as the request id in the logs stays with its request.
 */
final class StatementBatcher<K, V> {

    private final Function<List<K>, Future<List<V>>> fetch;
    private final int maxInFlight;
    private final int maxBatch;
    private final Function<K, ?> conflictKey;
    private final ThreadLocal<Lane<K, V>> lanes = ThreadLocal.withInitial(Lane::new);

    /**
     * @param fetch runs one statement for a batch of keys and answers one value per key, in the same order
     */
    public StatementBatcher(Function<List<K>, Future<List<V>>> fetch, int maxInFlight, int maxBatch) {
        this(fetch, maxInFlight, maxBatch, null);
    }

    /**
     * @param conflictKey keys with the same conflict key never share a batch: the later one waits for the
     *                    next statement (an upsert cannot change one row twice in a statement, and the
     *                    later write must win)
     */
    public StatementBatcher(Function<List<K>, Future<List<V>>> fetch, int maxInFlight, int maxBatch,
            Function<K, ?> conflictKey) {
        if (maxInFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("maxInFlight and maxBatch must be positive");
        }
        this.fetch = fetch;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
        this.conflictKey = conflictKey;
    }

    public Future<V> submit(K key) {
        if (!Context.isOnEventLoopThread()) {
            return fetchSafely(List.of(key)).map(values -> values.get(0));
        }
        Lane<K, V> lane = lanes.get();
        Context context = Vertx.currentContext();
        Promise<V> promise = Promise.promise();
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
        return CallerContext.deliverOn(context, promise.future());
    }

    private void dispatch(Lane<K, V> lane) {
        int n = Math.min(lane.waiting.size(), maxBatch);
        List<Pending<K, V>> batch = new ArrayList<>(n);
        List<K> keys = new ArrayList<>(n);
        Set<Object> conflicts = conflictKey == null ? null : new HashSet<>();
        while (keys.size() < n && (conflicts == null || conflicts.add(conflictKey.apply(lane.waiting.peek().key)))) {
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
