package io.edgestorage.keys.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaKeyEventPublisherTest {

    @Test
    void connectionSecurity_takesSaslAndTlsSettings_andNothingElse() {
        Map<String, Object> shared = Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/ca.p12",
                "group.id", "not-for-a-producer");
        assertThat(KafkaKeyEventPublisher.connectionSecurity(shared)).containsOnlyKeys(
                "security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location");
    }
}
