package io.edgestorage.objects.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.edgestorage.objects.service.KeyResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Decides when the key cache may be trusted again after the consumer of {@code storage.key-events} gets its
 * partitions. A replica reads from the latest offset (its consumer group is new at every start), so events
 * published before its partitions were assigned are never read: keys it fetched before then are forgotten,
 * and until it has read every partition up to the end offset it found at assignment, every use of a key is
 * revalidated with key-service.
 *
 * <p>Chosen over seeking back a {@code cache-max-age} window: rereading minutes of events at every start
 * would cost more than the few key-service calls of the catch-up, and the window would have to follow the
 * configuration. Runs on the consumer's polling thread (where {@link Consumer#position} may be called).
 */
@ApplicationScoped
@Identifier(KeyEventsCatchUp.NAME)
public class KeyEventsCatchUp implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.key-events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "key-events-catch-up";
    private static final Logger LOG = Logger.getLogger(KeyEventsCatchUp.class);

    private final KeyResolver keys;
    /** Assigned partitions not read up to their end offset at assignment yet: that offset. */
    private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();

    public KeyEventsCatchUp(KeyResolver keys, MeterRegistry metrics) {
        this.keys = keys;
        Gauge.builder("edge.key.events.caught.up", keys, k -> k.isCaughtUp() ? 1 : 0)
                .description("1 once the key-event consumer has read its partitions up to their end offsets at "
                        + "assignment (the key cache answers), 0 while every use of a key is revalidated")
                .register(metrics);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            // Positions first (that resolves "latest"), then the cache is forgotten: a key fetched after this
            // point reflects every revocation the consumer will not read.
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition p : partitions) {
                positions.put(p, consumer.position(p));
            }
            keys.catchingUp();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            positions.forEach((p, position) -> {
                Long end = ends.get(p);
                if (end != null && position < end) {
                    behind.put(p, end);
                }
            });
        } catch (RuntimeException e) {
            // Stays distrusted (every use revalidated) until the next assignment: safe, only slower.
            LOG.warnf("Could not read the positions of the key-event partitions (%s): keys are revalidated on every "
                    + "use until the next assignment", e.toString());
            return;
        }
        LOG.debugf("Key events assigned %s; behind the end offsets on %s", partitions, behind.keySet());
        maybeCaughtUp();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(behind::remove);
        if (!partitions.isEmpty()) {
            // Without the partition, events it carries in the meantime are not read.
            keys.catchingUp();
        }
    }

    /** The consumer handled the record at {@code offset} of this partition. */
    public void consumed(String topic, int partition, long offset) {
        if (behind.isEmpty()) {
            return;
        }
        TopicPartition p = new TopicPartition(topic, partition);
        behind.computeIfPresent(p, (k, end) -> offset + 1 >= end ? null : end);
        maybeCaughtUp();
    }

    private void maybeCaughtUp() {
        if (behind.isEmpty() && !keys.isCaughtUp()) {
            keys.caughtUp();
            LOG.info("Key events caught up: cached signing keys are trusted again");
        }
    }
}
