package io.edgestorage.presign.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.service.SigningKeys;
import io.edgestorage.presign.support.FakeUpstreams;
import io.edgestorage.presign.support.UrlVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Rotation through the real Kafka broker: a {@code storage.key.rotated} CloudEvent evicts the cached
 * signing key, so the next URL is signed with the new secret. key-service is {@link FakeUpstreams}.
 */
@QuarkusTest
class KeyEventsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.key-events.topic")
    String topic;

    @Inject
    SigningKeys signingKeys;

    @Test
    void rotatedEvent_evictsTheCachedKey_soNewUrlsUseTheNewSecret() {
        // Keys are cached once the consumer has caught up with the topic (KeyEventsCatchUp).
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(signingKeys::isTrusted);
        String account = "acct-" + UUID.randomUUID();
        String accessKeyId = "AKIAROT" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        FakeUpstreams.giveBucket(account, "rot-bucket");
        FakeUpstreams.FakeKey key = FakeUpstreams.giveKey(account, accessKeyId, "old-secret");

        String before = presignUrl(account);
        assertThat(UrlVerifier.verify(before, "GET", Map.of(), "old-secret", Instant.now()).isVerified()).isTrue();

        key.secret = "new-secret";
        key.version = 2;
        // Still cached: without an event the old key keeps signing.
        assertThat(UrlVerifier.verify(presignUrl(account), "GET", Map.of(), "old-secret", Instant.now())
                .isVerified()).isTrue();

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/edge-storage/key-service",
                 "type": "storage.key.rotated", "subject": "%s", "time": "%s",
                 "datacontenttype": "application/json",
                 "data": {"accessKeyId": "%s", "accountId": "%s", "keyVersion": 2, "occurredAt": "%s"}}
                """.formatted(UUID.randomUUID(), accessKeyId, Instant.now(), accessKeyId, account, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // The consumer joins its fresh group with offset "latest": resend until it has heard one.
            Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
                // As key-service sends it: structured CloudEvents, announced in the content-type header.
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, accessKeyId, event);
                record.headers().add("content-type",
                        "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
                return UrlVerifier.verify(presignUrl(account), "GET", Map.of(), "new-secret", Instant.now())
                        .isVerified();
            });
        }
    }

    private static String presignUrl(String account) {
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", account)
                .contentType(ContentType.JSON).body("{\"key\": \"doc.txt\"}")
                .when().post("/internal/v1/buckets/rot-bucket/presign")
                .then().statusCode(200).extract().path("url");
    }
}
