package io.edgestorage.objects.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.edgestorage.objects.metadata.CacheLeaseTable.View;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Writes waiting, after their commit, until every other replica that held a lease has answered a barrier
 * sent after the commit, or its lease has ended. A replica whose deadline passes without an answer may
 * have renewed its lease meanwhile, so the lease table is read again before it is given up on; after two
 * leases a write stops waiting (with a warning), as nothing it changed can still be served anywhere.
 *
 * <p>Confined to the change feed's context.
 */
final class BarrierWaits {

    private static final Logger LOG = Logger.getLogger(BarrierWaits.class);

    /** A write waiting for the replicas still in {@code pending} (replica → local deadline). */
    private static final class Wait {
        long barrier;
        final long startedAt;
        final Map<String, Long> pending;
        final Promise<Void> done;

        Wait(long barrier, long startedAt, Map<String, Long> pending, Promise<Void> done) {
            this.barrier = barrier;
            this.startedAt = startedAt;
            this.pending = pending;
            this.done = done;
        }
    }

    private final Vertx vertx;
    private final long lease;
    private final Supplier<Future<View>> freshView;
    private final Map<String, Long> answered = new HashMap<>();
    private final List<Wait> waits = new ArrayList<>();
    private long timer = -1;
    private boolean rechecking;

    /**
     * @param lease     how long a lease lasts (nanoseconds)
     * @param freshView reads the lease table now
     */
    BarrierWaits(Vertx vertx, long lease, Supplier<Future<View>> freshView) {
        this.vertx = vertx;
        this.lease = lease;
        this.freshView = freshView;
    }

    /** Completes {@code done} once each replica of {@code others} has answered {@code barrier} or its lease has ended. */
    void await(long barrier, View others, Promise<Void> done) {
        waits.add(new Wait(barrier, System.nanoTime(), new HashMap<>(others.deadlines()), done));
        settle();
        if (timer < 0 && !waits.isEmpty()) {
            timer = vertx.setPeriodic(Math.max(1, lease / 30_000_000), id -> checkDeadlines());
        }
    }

    /** Replica {@code replica} has answered every barrier up to {@code barrier}. */
    void answered(String replica, long barrier) {
        answered.merge(replica, barrier, Math::max);
        settle();
    }

    boolean isEmpty() {
        return waits.isEmpty();
    }

    /** Barriers sent before now may have been answered unheard: every wait waits for {@code barrier} instead. */
    void awaitInstead(long barrier) {
        waits.forEach(w -> w.barrier = barrier);
    }

    private void settle() {
        for (Iterator<Wait> it = waits.iterator(); it.hasNext();) {
            Wait w = it.next();
            w.pending.keySet().removeIf(replica -> answered.getOrDefault(replica, 0L) >= w.barrier);
            if (w.pending.isEmpty()) {
                it.remove();
                w.done.complete();
            }
        }
        if (waits.isEmpty() && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        boolean expired = false;
        for (Iterator<Wait> it = waits.iterator(); it.hasNext();) {
            Wait w = it.next();
            if (now - w.startedAt > 2 * lease) {
                LOG.warnf("change feed: replicas %s did not answer within two leases", w.pending.keySet());
                it.remove();
                w.done.complete();
            } else {
                expired |= w.pending.values().stream().anyMatch(deadline -> now - deadline > 0);
            }
        }
        if (expired && !rechecking) {
            rechecking = true;
            freshView.get().onComplete(ar -> {
                rechecking = false;
                if (ar.failed()) {
                    return;
                }
                Map<String, Long> live = ar.result().deadlines();
                long at = System.nanoTime();
                for (Wait w : waits) {
                    w.pending.entrySet().removeIf(e -> at - e.getValue() > 0 && !live.containsKey(e.getKey()));
                    w.pending.replaceAll((replica, deadline) -> live.getOrDefault(replica, deadline));
                }
                settle();
            });
        }
        settle();
    }
}
