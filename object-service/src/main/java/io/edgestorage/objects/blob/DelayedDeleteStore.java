package io.edgestorage.objects.blob;

import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;

/**
 * Gives {@link #deleteLater} a grace period around any store: a replaced or deleted blob stays for
 * {@code delay}, so a reader that already opened it finishes. What is due is deleted once per tick, all of
 * it in one {@link BlobStore#deleteAll} (see {@link DelayedDeletes}).
 */
public final class DelayedDeleteStore extends ForwardingBlobStore {

    private static final Logger LOG = Logger.getLogger(DelayedDeleteStore.class);

    private final DelayedDeletes due;

    public DelayedDeleteStore(BlobStore store, Vertx vertx, Duration delay) {
        super(store);
        if (delay.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("a grace period must be positive (without one, delete at once)");
        }
        this.due = new DelayedDeletes(delay.toNanos());
        // A tick of a tenth of the grace period (at most 1 s): a blob outlives its grace period by that much.
        vertx.setPeriodic(Math.max(1, Math.min(1000, delay.toMillis() / 10)), t -> deleteDue());
    }

    @Override
    public void deleteLater(String blobId) {
        due.add(blobId, System.nanoTime());
    }

    private void deleteDue() {
        List<String> ids = due.takeDue(System.nanoTime());
        if (ids.isEmpty()) {
            return;
        }
        UniBridge.toFuture(store.deleteAll(ids)).onFailure(e -> LOG.warnf(
                "Could not delete %d replaced blob(s) (the sweeper will): %s", ids.size(), e.getMessage()));
    }
}
