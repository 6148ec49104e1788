package io.edgestorage.keys.messaging;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.keys.config.KeysConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The one Kafka producer of the service (outbox relay and heartbeat), on {@code kafka.bootstrap.servers},
 * with the same SASL/TLS settings as every other Kafka client of the application ({@code KAFKA_SECURITY_PROTOCOL}…).
 */
public class KeyEventPublisherProducer {

    @Produces
    @Singleton
    KafkaKeyEventPublisher publisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            KeysConfig config, @Identifier("default-kafka-broker") Map<String, Object> brokerSettings) {
        return new KafkaKeyEventPublisher(bootstrapServers, config.events().topic(),
                config.events().deliveryTimeout(), "key-service-events", brokerSettings);
    }

    void close(@Disposes KafkaKeyEventPublisher publisher) {
        publisher.close();
    }
}
