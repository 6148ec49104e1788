package io.edgestorage.keys.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.edgestorage.keys.KeyEvents;
import io.smallrye.mutiny.Uni;

/**
 * The Kafka side of the relay: an idempotent producer ({@code acks=all}), so a retried send neither
 * duplicates nor reorders records of a partition. {@code send} can block while the broker is
 * unreachable (metadata), so it is called on a dedicated thread, never on an event loop.
 */
public final class KafkaKeyEventPublisher implements KeyEventPublisher, AutoCloseable {

    private final Producer<String, String> producer;
    private final String topic;
    private final ExecutorService sender;

    public KafkaKeyEventPublisher(String bootstrapServers, String topic, Duration deliveryTimeout, String clientId) {
        this(bootstrapServers, topic, deliveryTimeout, clientId, Map.of());
    }

    /**
     * @param brokerSettings the application's shared Kafka settings ({@code kafka.*}); their connection
     *        security ({@code security.*}, {@code sasl.*}, {@code ssl.*}) applies to this producer too
     */
    public KafkaKeyEventPublisher(String bootstrapServers, String topic, Duration deliveryTimeout, String clientId,
            Map<String, Object> brokerSettings) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(connectionSecurity(brokerSettings));
        config.putAll(config(bootstrapServers, deliveryTimeout, clientId));
        this.producer = new KafkaProducer<>(config);
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, clientId + "-sender");
            t.setDaemon(true);
            return t;
        });
    }

    static Map<String, Object> connectionSecurity(Map<String, Object> brokerSettings) {
        Map<String, Object> security = new HashMap<>();
        brokerSettings.forEach((name, value) -> {
            if (name.startsWith("security.") || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                security.put(name, value);
            }
        });
        return security;
    }

    static Map<String, Object> config(String bootstrapServers, Duration deliveryTimeout, String clientId) {
        long delivery = Math.max(2_000, deliveryTimeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(delivery - 1, 5_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(delivery, 5_000));
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return config;
    }

    @Override
    public Uni<Void> publish(String recordKey, String cloudEventJson) {
        return Uni.createFrom().<Void> emitter(emitter -> {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, recordKey, cloudEventJson);
            record.headers().add("content-type", KeyEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        emitter.fail(error);
                    } else {
                        emitter.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(sender);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        sender.shutdownNow();
    }
}
