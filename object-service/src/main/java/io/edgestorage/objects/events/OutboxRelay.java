package io.edgestorage.objects.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.metadata.OutboxRepository;
import io.edgestorage.objects.metadata.OutboxRepository.Pending;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Moves {@code objects.outbox} rows to Kafka. Woken in-process after a commit, by {@code NOTIFY objects_outbox}
 * (commits of any replica) and by the heartbeat tick, which is also the sweep that finds rows whose notification
 * was lost. One drain at a time per process and, by the advisory lock, across replicas, so the events of one
 * record key keep their commit order. Each row is acknowledged by the broker before the next is sent; a failed
 * send stops the drain (the rows before it are stamped, the rest wait). At least once: a crash between the
 * acknowledgement and the stamp sends the row again, with the same event id.
 *
 * <p>The heartbeat is sent by a relay holding the lock after it has emptied the outbox: a replica that hears it
 * knows every revocation committed before that drain was published, so silence means "not hearing".
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 100;
    private static final long BUSY_RETRY_MS = 100;
    private static final long FAILURE_RETRY_MS = 1_000;

    private final OutboxRepository outbox;
    private final EventPublisher publisher;
    private final GrantEvents events;
    private final Clock clock;
    private final Vertx vertx;
    private final ObjectServiceConfig.GrantEvents config;
    private final PgConnectOptions listenOptions;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean heartbeatDue = new AtomicBoolean();
    private final AtomicBoolean notReadyRetry = new AtomicBoolean();
    /** Callers waiting for a drain that starts after they committed. */
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final Counter published;
    private final Counter failures;
    /** Nothing is sent before start: the scheduler may tick before the channel is connected. */
    private volatile boolean started;
    private volatile boolean stopping;
    private PgSubscriber subscriber;

    /** @param published rows sent; {@code more}: a full batch was read; {@code busy}: another relay holds the lock */
    record Drain(int published, boolean more, boolean busy, Throwable failure) {
    }

    public OutboxRelay(OutboxRepository outbox, EventPublisher publisher, GrantEvents events, Clock clock, Vertx vertx,
            ObjectServiceConfig config, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.grantEvents();
        this.listenOptions = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        this.published = Counter.builder("edge.outbox.published")
                .description("Outbox events (revocations, heartbeats) acknowledged by Kafka").register(metrics);
        this.failures = Counter.builder("edge.outbox.publish.failures")
                .description("Relay drains stopped by a send Kafka did not acknowledge (the rows wait)")
                .register(metrics);
    }

    // At the default priority, after Reactive Messaging has connected the channels at library priority.
    void onStart(@Observes StartupEvent start) {
        started = true;
        subscriber = PgSubscriber.subscriber(vertx, listenOptions);
        subscriber.reconnectPolicy(attempt -> 1_000L);
        subscriber.channel(OutboxRepository.CHANNEL).handler(payload -> trigger()).subscribeHandler(this::trigger);
        subscriber.connect().subscribe().with(ok -> LOG.debugf("Listening on %s", OutboxRepository.CHANNEL),
                e -> LOG.warnf("Could not LISTEN %s (the sweep still runs): %s", OutboxRepository.CHANNEL,
                        e.getMessage()));
        trigger();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** The heartbeat and the sweep: drain what is pending, then tell every replica the pipe works. */
    @Scheduled(every = "${edge.grant-events.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        heartbeatDue.set(true);
        trigger();
    }

    /** Publish what is pending, now. Cheap and safe to call often. */
    public void trigger() {
        if (!started || stopping) {
            return;
        }
        wanted.set(true);
        if (!publisher.ready()) {
            // The channel is not connected yet (startup): come back without counting a failure, one timer at a time.
            if (notReadyRetry.compareAndSet(false, true)) {
                vertx.setTimer(BUSY_RETRY_MS, id -> {
                    notReadyRetry.set(false);
                    trigger();
                });
            }
            return;
        }
        if (running.compareAndSet(false, true)) {
            drain(new ArrayList<>());
        }
    }

    /**
     * Call after a commit that wrote outbox rows: completes once a drain that started after this call has
     * published everything pending, or after {@code edge.grant-events.publish-wait} (the rows then go out on a
     * later drain; the caller is not failed for it).
     */
    public Uni<Void> published() {
        Duration wait = config.publishWait();
        if (stopping || wait.isZero()) {
            trigger();
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        trigger();
        return Uni.createFrom().completionStage(done).ifNoItem().after(wait).recoverWithItem((Void) null)
                .replaceWithVoid();
    }

    /** @param covered waiters whose rows committed before this drain began reading */
    private void drain(List<CompletableFuture<Void>> covered) {
        wanted.set(false);
        for (CompletableFuture<Void> w; (w = waiting.poll()) != null;) {
            covered.add(w);
        }
        boolean heartbeat = heartbeatDue.getAndSet(false);
        drainOnce(heartbeat).subscribe().with(result -> {
            published.increment(result.published());
            if (result.failure() != null) {
                onFailure(covered, result.failure());
            } else if (result.busy()) {
                // Another replica's relay publishes our rows (and heartbeats); we cannot see when it is done.
                waiting.addAll(covered);
                finish();
                if (!waiting.isEmpty()) {
                    vertx.setTimer(BUSY_RETRY_MS, id -> trigger());
                }
            } else if (result.more()) {
                heartbeatDue.compareAndSet(false, heartbeat);
                drain(covered);
            } else {
                covered.forEach(w -> w.complete(null));
                finish();
            }
        }, e -> onFailure(covered, e));
    }

    /** One batch under the lock; fails only if PostgreSQL does, a Kafka failure is in {@link Drain#failure()}. */
    Uni<Drain> drainOnce(boolean heartbeat) {
        Uni<Drain> locked = outbox.underRelayLock(conn -> outbox.pending(conn, BATCH)
                .chain(pending -> publishInOrder(pending, 0, new ArrayList<>())
                        .chain(sent -> outbox.markPublished(conn, sent.ids())
                                .chain(() -> {
                                    boolean more = sent.failure() == null && pending.size() == BATCH;
                                    if (!heartbeat || more || sent.failure() != null) {
                                        return Uni.createFrom().item(
                                                new Drain(sent.ids().size(), more, false, sent.failure()));
                                    }
                                    return publisher.publish(events.heartbeat(clock.instant()))
                                            .map(ok -> new Drain(sent.ids().size() + 1, false, false, null))
                                            .onFailure().recoverWithItem(e -> new Drain(sent.ids().size(), false,
                                                    false, e));
                                }))));
        return locked.map(drain -> drain == null ? new Drain(0, false, true, null) : drain);
    }

    private record Sent(List<Long> ids, Throwable failure) {
    }

    private Uni<Sent> publishInOrder(List<Pending> rows, int index, List<Long> done) {
        if (index == rows.size()) {
            return Uni.createFrom().item(new Sent(done, null));
        }
        Pending row = rows.get(index);
        return publisher.publish(row.event()).onItemOrFailure().transformToUni((ok, error) -> {
            if (error != null) {
                return Uni.createFrom().item(new Sent(done, error));
            }
            done.add(row.id());
            return publishInOrder(rows, index + 1, done);
        });
    }

    private void finish() {
        running.set(false);
        // A trigger that arrived between the last read and now must not be lost.
        if (wanted.get() && running.compareAndSet(false, true)) {
            drain(new ArrayList<>());
        }
    }

    private void onFailure(List<CompletableFuture<Void>> covered, Throwable e) {
        waiting.addAll(covered);
        running.set(false);
        if (stopping) {
            return;
        }
        failures.increment();
        LOG.warnf("Outbox events not published yet (will retry): %s", e.getMessage());
        vertx.setTimer(FAILURE_RETRY_MS, id -> trigger());
    }

    /** Published rows are kept for {@code edge.grant-events.outbox-retention} (audit, replay by hand). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return outbox.prunePublished(config.outboxRetention()).onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not prune the outbox (will retry): %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }
}
