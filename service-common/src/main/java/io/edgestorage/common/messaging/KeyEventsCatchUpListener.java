package io.edgestorage.common.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Keeps a service's key cache off until its consumer of {@code storage.key-events} has caught up. Each replica
 * starts a new consumer group at the latest offset, so a rotation or revocation published before its partitions
 * were assigned is never read: at assignment the cache is distrusted (what it holds is forgotten), and it is
 * trusted again only once every assigned partition has been read up to the end offset it had at assignment.
 * Meanwhile every use of a key goes to key-service.
 *
 * <p>Chosen over seeking back a {@code cache-max-age} window: rereading minutes of events at every start would
 * cost more than the few key-service calls of the catch-up, and the window would have to follow the
 * configuration. Runs on the consumer's polling thread (where {@link Consumer#position} may be called); each
 * service subclasses it as the CDI bean its channel's {@code consumer-rebalance-listener.name} names.
 */
public class KeyEventsCatchUpListener implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.key-events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "key-events-catch-up";
    private static final Logger LOG = Logger.getLogger(KeyEventsCatchUpListener.class);

    private final Runnable distrust;
    private final Runnable trust;
    private final BooleanSupplier trusted;
    /** End offset at assignment of each partition not read that far yet. */
    private final Map<TopicPartition, Long> toRead = new ConcurrentHashMap<>();

    /**
     * @param distrust forgets the cache and makes every use of a key revalidate
     * @param trust    lets the cache answer again
     * @param trusted  whether it answers now
     */
    protected KeyEventsCatchUpListener(Runnable distrust, Runnable trust, BooleanSupplier trusted) {
        this.distrust = distrust;
        this.trust = trust;
        this.trusted = trusted;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            // Positions first (that resolves "latest"), then the cache is forgotten: a key fetched after this
            // point reflects every revocation the consumer will not read.
            Map<TopicPartition, Long> positions = new HashMap<>();
            partitions.forEach(p -> positions.put(p, consumer.position(p)));
            distrust.run();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            positions.forEach((p, at) -> {
                Long end = ends.get(p);
                if (end != null && at < end) {
                    toRead.put(p, end);
                }
            });
        } catch (RuntimeException e) {
            // Stays distrusted (every use revalidated) until the next assignment: safe, only slower.
            distrust.run();
            LOG.warnf("Could not read the positions of the key-event partitions (%s): keys are fetched for every "
                    + "use until the next assignment", e.toString());
            return;
        }
        LOG.debugf("Key events assigned %s; behind the end offsets on %s", partitions, toRead.keySet());
        trustOnceRead();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(toRead::remove);
        if (!partitions.isEmpty()) {
            // Without the partition, events it carries in the meantime are not read.
            distrust.run();
        }
    }

    /** The consumer handled the record at {@code offset} of this partition. */
    public void consumed(String topic, int partition, long offset) {
        if (!toRead.isEmpty()) {
            toRead.computeIfPresent(new TopicPartition(topic, partition), (p, end) -> offset + 1 < end ? end : null);
            trustOnceRead();
        }
    }

    private void trustOnceRead() {
        if (toRead.isEmpty() && !trusted.getAsBoolean()) {
            trust.run();
            LOG.info("Key events caught up: cached keys are trusted again");
        }
    }
}
