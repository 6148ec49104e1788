package io.edgestorage.keys.messaging;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.keys.config.KeysConfig;

/** The one Kafka producer of the service (outbox relay and heartbeat), on {@code kafka.bootstrap.servers}. */
public class KeyEventPublisherProducer {

    @Produces
    @Singleton
    KafkaKeyEventPublisher publisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            KeysConfig config) {
        return new KafkaKeyEventPublisher(bootstrapServers, config.events().topic(),
                config.events().deliveryTimeout(), "key-service-events");
    }

    void close(@Disposes KafkaKeyEventPublisher publisher) {
        publisher.close();
    }
}
