package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.edgestorage.objects.metadata.CacheLeaseTable.View;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** The waits of writes for other replicas, on a context of their own, with the lease table played by the test. */
class BarrierWaitsTest {

    private static final long LEASE = TimeUnit.SECONDS.toNanos(2);
    private static final long FAR = TimeUnit.MINUTES.toNanos(1);

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final AtomicInteger viewsRead = new AtomicInteger();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** Runs {@code action} on the waits' context and returns what it answers. */
    private <T> T onContext(Supplier<T> action) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        context.runOnContext(v -> out.complete(action.get()));
        return out.get(5, TimeUnit.SECONDS);
    }

    private void run(Runnable action) throws Exception {
        onContext(() -> {
            action.run();
            return null;
        });
    }

    private static View view(Map<String, Long> deadlines) {
        return new View(System.nanoTime(), deadlines);
    }

    private BarrierWaits waits(long lease, Supplier<Future<View>> freshView) {
        return new BarrierWaits(vertx, lease, () -> {
            viewsRead.incrementAndGet();
            return freshView.get();
        });
    }

    private Future<Void> write(BarrierWaits waits, long barrier, Map<String, Long> deadlines) throws Exception {
        return onContext(() -> {
            Promise<Void> done = Promise.promise();
            waits.await(barrier, view(deadlines), done);
            return done.future();
        });
    }

    @Test
    void aWrite_completesOnceEveryReplicaAnsweredItsBarrierOrALaterOne() throws Exception {
        BarrierWaits waits = waits(LEASE, () -> Future.succeededFuture(view(Map.of())));
        long deadline = System.nanoTime() + FAR;
        Future<Void> done = write(waits, 3, Map.of("r1", deadline, "r2", deadline));

        run(() -> waits.answered("r1", 2));
        run(() -> waits.answered("r2", 3));
        assertThat(done.isComplete()).as("r1 answered only an older barrier").isFalse();

        run(() -> waits.answered("r1", 5));
        assertThat(done.succeeded()).isTrue();
        assertThat(onContext(waits::isEmpty)).isTrue();
    }

    @Test
    void aReplicaThatAnsweredBefore_doesNotHoldALaterWrite() throws Exception {
        BarrierWaits waits = waits(LEASE, () -> Future.succeededFuture(view(Map.of())));
        run(() -> waits.answered("r1", 7));

        Future<Void> done = write(waits, 7, Map.of("r1", System.nanoTime() + FAR));

        assertThat(done.succeeded()).isTrue();
    }

    @Test
    void aReplicaWhoseLeaseEndedWithoutAnswer_isGivenUpOn_onceTheTableNoLongerHoldsIt() throws Exception {
        BarrierWaits waits = waits(LEASE, () -> Future.succeededFuture(view(Map.of())));

        Future<Void> done = write(waits, 1, Map.of("silent", System.nanoTime() - 1));

        await().atMost(Duration.ofSeconds(3)).until(done::succeeded);
        assertThat(viewsRead).hasPositiveValue();
    }

    @Test
    void aReplicaThatRenewedItsLease_isStillWaitedFor_untilItAnswers() throws Exception {
        Promise<View> table = Promise.promise();
        BarrierWaits waits = waits(LEASE, table::future);

        Future<Void> done = write(waits, 1, Map.of("late", System.nanoTime() - 1));
        await().atMost(Duration.ofSeconds(3)).until(() -> viewsRead.get() > 0);
        run(() -> table.complete(view(Map.of("late", System.nanoTime() + FAR))));
        assertThat(onContext(done::isComplete)).as("the table says the lease goes on").isFalse();

        run(() -> waits.answered("late", 1));
        assertThat(done.succeeded()).isTrue();
    }

    @Test
    void aWriteStopsWaitingAfterTwoLeases_whateverTheTableSays() throws Exception {
        long lease = TimeUnit.MILLISECONDS.toNanos(300);
        BarrierWaits waits = waits(lease, () -> Future.succeededFuture(view(Map.of("mute", System.nanoTime() + FAR))));

        Future<Void> done = write(waits, 1, Map.of("mute", System.nanoTime() + FAR));

        await().atMost(Duration.ofSeconds(5)).until(done::succeeded);
        assertThat(onContext(waits::isEmpty)).isTrue();
    }

    @Test
    void afterAReconnection_waitsNeedAnAnswerToTheNewBarrier() throws Exception {
        BarrierWaits waits = waits(LEASE, () -> Future.succeededFuture(view(Map.of())));
        Future<Void> done = write(waits, 1, Map.of("r1", System.nanoTime() + FAR));

        run(() -> waits.awaitInstead(4));
        run(() -> waits.answered("r1", 1));
        assertThat(done.isComplete()).isFalse();

        run(() -> waits.answered("r1", 4));
        assertThat(done.succeeded()).isTrue();
    }
}
