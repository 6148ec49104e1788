package io.edgestorage.objects.events;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.edgestorage.objects.events.GrantEvents.Event;
import io.edgestorage.objects.events.GrantEvents.GrantRevoked;
import io.edgestorage.objects.events.GrantEvents.Heartbeat;
import io.edgestorage.objects.events.GrantEvents.Malformed;
import io.edgestorage.objects.events.GrantEvents.ObjectsRevoked;
import io.edgestorage.objects.grants.Grants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Applies grant and object revocations announced on {@code storage.key-events} to this replica's sets, with a
 * consumer group of its own per replica (every replica hears every event). Applying is idempotent, so this
 * replica's own events, duplicates and replays change nothing. A record that is not a well-formed event of this
 * service is logged and skipped; key-service's events are not this consumer's business.
 */
@ApplicationScoped
public class GrantEventsConsumer {

    private static final Logger LOG = Logger.getLogger(GrantEventsConsumer.class);

    private final Grants grants;
    private final GrantEvents events;
    private final GrantEventStream stream;
    private final GrantEventsCatchUp catchUp;
    private final Timer delivery;
    private final Counter grantsApplied;
    private final Counter objectsApplied;
    private final Counter malformed;

    public GrantEventsConsumer(Grants grants, GrantEvents events, GrantEventStream stream,
            @Identifier(GrantEventsCatchUp.NAME) GrantEventsCatchUp catchUp, MeterRegistry metrics) {
        this.grants = grants;
        this.events = events;
        this.stream = stream;
        this.catchUp = catchUp;
        this.delivery = Timer.builder("edge.grant.events.delivery")
                .description("Time from a revocation event's record timestamp (the relay's send) to this replica "
                        + "applying it").publishPercentiles(0.5, 0.99).register(metrics);
        this.grantsApplied = applied(metrics, GrantEvents.GRANT_REVOKED);
        this.objectsApplied = applied(metrics, GrantEvents.OBJECT_REVOCATION_CREATED);
        this.malformed = Counter.builder("edge.grant.events.malformed")
                .description("Records of this service's event types that could not be read (logged and skipped)")
                .register(metrics);
    }

    private static Counter applied(MeterRegistry metrics, String type) {
        return Counter.builder("edge.grant.events.applied").tag("type", type)
                .description("Revocation events applied to this replica's sets").register(metrics);
    }

    // In memory only: handled on the connector's event loop, one hop less before a revocation holds.
    @Incoming("grant-events")
    @NonBlocking
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        try {
            apply(events.read(record.value()), record);
        } catch (RuntimeException e) {
            // Never stop the stream on one record: the rest still has to be heard.
            malformed.increment();
            LOG.warnf(e, "Skipped a record at %s-%d@%d", record.topic(), record.partition(), record.offset());
        }
        catchUp.consumed(record.topic(), record.partition(), record.offset());
    }

    private void apply(Event event, ConsumerRecord<String, byte[]> record) {
        if (event instanceof Heartbeat) {
            stream.heard();
        } else if (event instanceof GrantRevoked revoked) {
            grants.revokedElsewhere(revoked.grantId(), revoked.expiresAt());
            grantsApplied.increment();
            heard(record);
        } else if (event instanceof ObjectsRevoked revoked) {
            grants.objectsRevokedElsewhere(revoked.revocation());
            objectsApplied.increment();
            heard(record);
        } else if (event instanceof Malformed bad) {
            malformed.increment();
            LOG.warnf("Skipped a malformed record at %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), bad.reason());
        }
    }

    private void heard(ConsumerRecord<String, byte[]> record) {
        stream.heard();
        if (record.timestamp() > 0) {
            delivery.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
        }
    }
}
