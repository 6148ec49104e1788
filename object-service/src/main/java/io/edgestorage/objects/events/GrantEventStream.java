package io.edgestorage.objects.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.objects.grants.Grants;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Whether this replica hears every grant and object revocation through its events, and what it does when it
 * does not: the sets {@link Grants} enforces are then reloaded from PostgreSQL every second, so they are at most
 * about a second behind the database (fail closed, without a query per request).
 *
 * <p>Hearing takes three things: the consumer has caught up since its partitions were assigned (events before
 * the assignment are never read), a reload started after that assignment has completed (it holds what those
 * unread events announced), and a {@code storage.grants.heartbeat} arrived within {@code max-silence} less the
 * reload interval, so a revocation lost while silent is enforced within {@code max-silence}.
 */
@Singleton
public class GrantEventStream {

    /** How often the sets are reloaded while this replica does not hear events. */
    public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(GrantEventStream.class);

    private final Supplier<Uni<Void>> load;
    private final Supplier<Instant> clock;
    private final Duration silenceAllowed;
    private volatile Instant lastHeard;
    private volatile boolean caughtUp;
    /** Counts assignments; a reload that started during the current one is what lets memory be trusted. */
    private volatile long assignment;
    private volatile long reloadedDuring = -1;
    private volatile boolean stopping;

    @Inject
    public GrantEventStream(Grants grants, Clock clock, ObjectServiceConfig config, MeterRegistry metrics) {
        this(grants::load, clock::instant, config.keys().maxSilence(), metrics);
    }

    /** @param load loads every revocation that can still refuse a live URL into the sets */
    GrantEventStream(Supplier<Uni<Void>> load, Supplier<Instant> clock, Duration maxSilence, MeterRegistry metrics) {
        this.load = load;
        this.clock = clock;
        this.silenceAllowed = maxSilence.compareTo(RELOAD_INTERVAL) > 0 ? maxSilence.minus(RELOAD_INTERVAL)
                : Duration.ZERO;
        Gauge.builder("edge.grant.events.hearing", this, s -> s.hearing(s.clock.get()) ? 1 : 0)
                .description("1 while grant and object revocations arrive as events (caught up, heartbeat within "
                        + "max-silence); 0 while they are reloaded from PostgreSQL every second").register(metrics);
    }

    /** A heartbeat or a revocation event of this service arrived: its relay works. */
    public void heard() {
        lastHeard = clock.get();
    }

    /** Partitions assigned or lost: events may be missed until caught up and reloaded. */
    public synchronized void distrust() {
        caughtUp = false;
        assignment++;
    }

    public void caughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public boolean hearing(Instant now) {
        Instant heard = lastHeard;
        return caughtUp && reloadedDuring == assignment && heard != null && !heard.plus(silenceAllowed).isBefore(now);
    }

    // every RELOAD_INTERVAL
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reloadUnlessHearing() {
        return stopping || hearing(clock.get()) ? Uni.createFrom().voidItem() : reload();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    /** Reloads the sets from PostgreSQL (a revocation is final: loading adds, never removes). */
    Uni<Void> reload() {
        long during = assignment;
        return load.get().invoke(() -> reloadedDuring = during).onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not reload revocations from PostgreSQL (will retry): %s", e.getMessage());
            return null;
        });
    }
}
