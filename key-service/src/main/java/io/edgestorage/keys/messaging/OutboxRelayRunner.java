package io.edgestorage.keys.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.edgestorage.keys.config.KeysConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Runs the {@link OutboxRelay}: woken in-process right after a commit ({@link #trigger()}), by
 * PostgreSQL {@code NOTIFY keys_outbox} (commits of any replica), and by a periodic sweep as a
 * backstop. One drain at a time per process; a wake-up during a drain makes it go round once more.
 * {@link #published()} lets a rotate or revoke answer only once its event is on Kafka, so verifiers
 * are already evicting when the caller hears "done".
 */
@ApplicationScoped
public class OutboxRelayRunner {

    private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);
    static final String CHANNEL = "keys_outbox";
    private static final long BUSY_RETRY_MS = 100;
    private static final long FAILURE_RETRY_MS = 1_000;

    private final OutboxRelay relay;
    private final Pool pool;
    private final Duration retention;
    private final Vertx vertx;
    private final boolean enabled;
    private final String pgUrl;
    private final String pgUser;
    private final String pgPassword;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Callers waiting for a drain that starts after they committed; completed when one succeeds. */
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final Duration publishWait;
    private volatile boolean keepingUp = true;
    private volatile boolean stopping;
    private volatile Instant lastSuccess = Instant.now();
    private PgSubscriber subscriber;

    private final Counter published;
    private final Counter failures;

    public OutboxRelayRunner(Pool pool, KafkaKeyEventPublisher publisher, Vertx vertx, KeysConfig config,
            MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String pgUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String pgUser,
            @ConfigProperty(name = "quarkus.datasource.password") String pgPassword) {
        this.relay = new OutboxRelay(pool, publisher, config.events().batchSize());
        this.pool = pool;
        this.retention = config.events().retention();
        this.vertx = vertx;
        this.enabled = config.events().relayEnabled();
        this.publishWait = config.events().publishWait();
        this.pgUrl = pgUrl;
        this.pgUser = pgUser;
        this.pgPassword = pgPassword;
        this.published = Counter.builder("edge.key.events.published")
                .description("Key events published to Kafka by the outbox relay").register(metrics);
        this.failures = Counter.builder("edge.key.events.publish.failures")
                .description("Outbox relay attempts that could not publish (events stay in the outbox)").register(metrics);
        Gauge.builder("edge.key.events.relay.since.success", this,
                r -> Duration.between(r.lastSuccess, Instant.now()).toMillis() / 1000.0)
                .description("Seconds since the outbox relay last completed a drain").baseUnit("seconds").register(metrics);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.warn("The key-event relay is disabled (edge.keys.events.relay-enabled=false): events wait in the outbox");
            return;
        }
        listen();
        trigger();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void listen() {
        PgConnectOptions options = PgConnectOptions.fromUri(pgUrl).setUser(pgUser).setPassword(pgPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(attempt -> 1_000L);
        subscriber.channel(CHANNEL)
                .handler(payload -> trigger())
                .subscribeHandler(this::trigger);
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("Listening to PostgreSQL channel %s", CHANNEL),
                e -> LOG.warnf("Could not LISTEN %s (the sweep still runs): %s", CHANNEL, e.getMessage()));
    }

    /** Publish what is pending, now. Cheap and safe to call often. */
    public void trigger() {
        if (!enabled || stopping) {
            return;
        }
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            drain(new ArrayList<>());
        }
    }

    /**
     * Call after a commit that wrote outbox rows: completes once a drain that started after this call
     * has published everything pending, or after {@code edge.keys.events.publish-wait} (the rows then
     * go out on a later drain; the caller is not failed for it).
     */
    public Uni<Void> published() {
        if (!enabled || stopping || publishWait.isZero()) {
            trigger();
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        trigger();
        return Uni.createFrom().completionStage(done)
                .ifNoItem().after(publishWait).recoverWithItem((Void) null)
                .replaceWithVoid();
    }

    /** @param covered waiters whose rows were committed before this drain began reading */
    private void drain(List<CompletableFuture<Void>> covered) {
        wanted.set(false);
        for (CompletableFuture<Void> w; (w = waiting.poll()) != null;) {
            covered.add(w);
        }
        relay.drainOnce().subscribe().with(result -> {
            published.increment(result.published());
            if (result.failure() != null) {
                waiting.addAll(covered);
                onFailure(result.failure());
            } else if (result.busy()) {
                // Another replica's relay holds the lock and publishes our rows; we cannot see when.
                waiting.addAll(covered);
                finish();
                vertx.setTimer(BUSY_RETRY_MS, id -> trigger());
            } else {
                keepingUp = true;
                lastSuccess = Instant.now();
                if (result.more()) {
                    drain(covered);
                    return;
                }
                covered.forEach(w -> w.complete(null));
                if (wanted.get()) {
                    drain(new ArrayList<>());
                } else {
                    finish();
                }
            }
        }, e -> {
            waiting.addAll(covered);
            onFailure(e);
        });
    }

    private void finish() {
        running.set(false);
        // A trigger that arrived between the last read and now must not be lost.
        if (wanted.get() && running.compareAndSet(false, true)) {
            drain(new ArrayList<>());
        }
    }

    private void onFailure(Throwable e) {
        running.set(false);
        if (stopping) {
            return;
        }
        keepingUp = false;
        failures.increment();
        LOG.warnf("Key events not published yet (will retry): %s", e.getMessage());
        running.set(false);
        vertx.setTimer(FAILURE_RETRY_MS, id -> trigger());
    }

    @Scheduled(every = "${edge.keys.events.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        trigger();
    }

    /** Published rows are kept for {@code edge.keys.events.retention} (audit, replay by hand), then deleted. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPrune() {
        return prune().onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not prune the outbox (will retry): %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Deletes published rows older than the retention; never an unpublished one. Returns how many. */
    public Uni<Integer> prune() {
        return pool.preparedQuery("delete from keys.outbox where published_at is not null "
                + "and published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** False while the last drain failed: the heartbeat stays silent so verifiers stop trusting caches. */
    public boolean keepingUp() {
        return enabled && keepingUp;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }
}
