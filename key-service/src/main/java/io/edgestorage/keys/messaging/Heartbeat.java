package io.edgestorage.keys.messaging;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.keys.KeyEvents;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code storage.keys.heartbeat} every {@code edge.keys.events.heartbeat-interval} (2 s), record key
 * {@code heartbeat}. Sent only while the outbox relay keeps up: a verifier that hears no heartbeat
 * must assume it may be missing revocations and revalidate.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final KafkaKeyEventPublisher publisher;
    private final OutboxRelayRunner relay;
    private final KeyEvents events;
    private final Clock clock;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    public Heartbeat(KafkaKeyEventPublisher publisher, OutboxRelayRunner relay, KeyEvents events, Clock clock) {
        this.publisher = publisher;
        this.relay = relay;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(every = "${edge.keys.events.heartbeat-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        // One heartbeat at a time: while the broker is unreachable they must not pile up in front of key events.
        if (!relay.keepingUp() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        String event = events.heartbeat(UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        publisher.publish(KeyEvents.HEARTBEAT_KEY, event).subscribe().with(
                ok -> inFlight.set(false),
                e -> {
                    inFlight.set(false);
                    LOG.debugf("Heartbeat not published: %s", e.getMessage());
                });
    }
}
