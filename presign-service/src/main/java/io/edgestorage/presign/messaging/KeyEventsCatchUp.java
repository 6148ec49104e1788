package io.edgestorage.presign.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.edgestorage.presign.service.SigningKeys;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Keeps the signing-key cache off until the consumer of {@code storage.key-events} has caught up: each replica
 * starts a new consumer group at the latest offset, so a rotation or revocation published before its
 * partitions were assigned is never read. Until every assigned partition has been read up to the end offset it
 * had at assignment, each presign fetches its key from key-service; then the cache starts again, empty.
 * (Seeking back over the key cache's lifetime instead would reread minutes of events at every start.) Runs on
 * the consumer's polling thread.
 */
@ApplicationScoped
@Identifier(KeyEventsCatchUp.NAME)
public class KeyEventsCatchUp implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.key-events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "key-events-catch-up";
    private static final Logger LOG = Logger.getLogger(KeyEventsCatchUp.class);

    private final SigningKeys signingKeys;
    /** End offset at assignment of each partition not read that far yet. */
    private final Map<TopicPartition, Long> toRead = new ConcurrentHashMap<>();

    public KeyEventsCatchUp(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try {
            partitions.forEach(p -> positions.put(p, consumer.position(p)));
            signingKeys.distrust();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            positions.forEach((p, at) -> {
                Long end = ends.get(p);
                if (end != null && at < end) {
                    toRead.put(p, end);
                }
            });
        } catch (RuntimeException e) {
            signingKeys.distrust();
            LOG.warnf("Could not read the positions of the key-event partitions (%s): signing keys are fetched for "
                    + "every presign until the next assignment", e.toString());
            return;
        }
        trustOnceRead();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(toRead::remove);
        if (!partitions.isEmpty()) {
            signingKeys.distrust();
        }
    }

    /** The record at {@code offset} of this partition was handled. */
    void read(String topic, int partition, long offset) {
        if (!toRead.isEmpty()) {
            toRead.computeIfPresent(new TopicPartition(topic, partition), (p, end) -> offset + 1 < end ? end : null);
            trustOnceRead();
        }
    }

    private void trustOnceRead() {
        if (toRead.isEmpty() && !signingKeys.isTrusted()) {
            signingKeys.trust();
            LOG.info("Key events caught up: signing keys are cached again");
        }
    }
}
