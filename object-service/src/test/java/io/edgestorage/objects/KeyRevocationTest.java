package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Revocation through the real Kafka broker: a key cached by object-service stops working as soon as a
 * {@code storage.key.revoked} CloudEvent is published to {@code storage.key-events}. (The test profile
 * sets max-silence to an hour so the cache stays trusted and only the event can evict it; the silence
 * rule itself is covered by KeyResolverTest.)
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class KeyRevocationTest {

    /**
     * The replica trusts its key cache only once its consumer has its partitions and has read them to the end
     * offsets of that moment (KeyEventsCatchUp); with the real broker that state is reached by itself.
     */
    static void awaitCaughtUp() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> InternalApi.anonymous().get("/q/metrics").asString().contains("edge_key_events_caught_up 1.0"));
    }

    @Test
    void theKeyEventConsumer_catchesUpWithTheRealKafka_andThenTheCacheAnswers() {
        awaitCaughtUp();
        try (S3Client s3 = S3Clients.accountB()) {
            String bucket = S3Clients.bucketWithObject(s3, "caught-up", "k", "v");
            int lookups = FakeKeyService.lookups(FakeKeyService.KEY_B);
            for (int i = 0; i < 3; i++) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
            }
            assertThat(FakeKeyService.lookups(FakeKeyService.KEY_B)).as("served from the cache").isEqualTo(lookups);
        }
    }

    @Test
    void revokedKeyEvent_onKafka_makesTheNextRequestFail() throws Exception {
        awaitCaughtUp();
        try (S3Client s3 = S3Clients.client(FakeKeyService.KEY_R, FakeKeyService.SECRET_R)) {
            String bucket = S3Clients.bucketName("revoke");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
            int lookups = FakeKeyService.lookups(FakeKeyService.KEY_R);

            // key-service revokes; object-service still holds the derived key in its cache
            FakeKeyService.revoke(FakeKeyService.KEY_R);
            try {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
                assertThat(FakeKeyService.lookups(FakeKeyService.KEY_R)).as("served from the cache").isEqualTo(lookups);

                String refusedWith;
                try (KafkaProducer<String, String> producer = producer()) {
                    refusedWith = publishUntilRefused(producer, FakeKeyService.KEY_R,
                            () -> revokedEvent(FakeKeyService.KEY_R), () -> errorOfGet(s3, bucket, "k"));
                }
                assertThat(refusedWith).as("the revoked key is refused after the event").isEqualTo("InvalidAccessKeyId");
                assertThat(FakeKeyService.lookups(FakeKeyService.KEY_R))
                        .as("a revoked event is final: refused without asking key-service").isEqualTo(lookups);
                // every handled event is timed from its record timestamp: how long revocations take to arrive
                assertThat(InternalApi.anonymous().get("/q/metrics").asString())
                        .containsPattern("edge_key_events_delivery_seconds_count [1-9]");
                assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket(bucket)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            } finally {
                FakeKeyService.restore(FakeKeyService.KEY_R);
            }
        }
    }

    @Test
    void rotatedKeyEvent_refusesTheOldSecretAtOnce_whileKeyServiceIsStillServingTheNewKey() throws Exception {
        awaitCaughtUp();
        String newSecret = "rotatedT/K7MDENG+bPxRfiCYEXAMPLEKEY000004";
        try (S3Client before = S3Clients.client(FakeKeyService.KEY_T, FakeKeyService.SECRET_T);
                S3Client after = S3Clients.client(FakeKeyService.KEY_T, newSecret);
                KafkaProducer<String, String> producer = producer()) {
            String bucket = S3Clients.bucketName("rotate");
            before.createBucket(b -> b.bucket(bucket));
            before.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));

            // key-service rotates and is slow to hand out the new key: lookups wait until released
            FakeKeyService.rotate(FakeKeyService.KEY_T, newSecret, 2);
            FakeKeyService.hold(FakeKeyService.KEY_T);
            try {
                String refusedWith = publishUntilRefused(producer, FakeKeyService.KEY_T,
                        () -> event("storage.key.rotated", FakeKeyService.KEY_T, 2), () -> errorOfGet(before, bucket, "k"));
                assertThat(refusedWith).as("the old secret is refused after the event").isEqualTo("SignatureDoesNotMatch");
                assertThat(FakeKeyService.held(FakeKeyService.KEY_T))
                        .as("refused while the new key's lookup was still unanswered").isPositive();

                FakeKeyService.release(FakeKeyService.KEY_T);
                assertThat(after.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
                assertThatThrownBy(() -> before.getObjectAsBytes(b -> b.bucket(bucket).key("k")))
                        .isInstanceOfSatisfying(S3Exception.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
            } finally {
                FakeKeyService.restore(FakeKeyService.KEY_T);
            }
        }
    }

    /**
     * Publishes an event every half second until a request is refused, and answers its error code: the
     * consumer starts at the latest offset, so an event published before it joined is never read.
     */
    private static String publishUntilRefused(KafkaProducer<String, String> producer, String accessKeyId,
            Supplier<String> event, Supplier<String> refusal) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    String code = refusal.get();
                    if (code == null) {
                        producer.send(new ProducerRecord<>(topic(), accessKeyId, event.get())).get();
                    }
                    return code;
                }, Objects::nonNull);
    }

    /** The error code of a GET of the object, or null when it is served. */
    private static String errorOfGet(S3Client s3, String bucket, String key) {
        try {
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return null;
        } catch (S3Exception e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", System.getenv().getOrDefault("EDGE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** The topic the service consumes (EDGE_KEY_EVENTS_TOPIC keeps parallel checkouts apart). */
    static String topic() {
        return System.getenv().getOrDefault("EDGE_KEY_EVENTS_TOPIC", "storage.key-events");
    }

    static String revokedEvent(String accessKeyId) {
        return event("storage.key.revoked", accessKeyId, 1);
    }

    static String event(String type, String accessKeyId, int keyVersion) {
        String now = Instant.now().toString();
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/edge-storage/key-service\","
                + "\"type\":\"" + type + "\",\"subject\":\"" + accessKeyId + "\",\"time\":\"" + now + "\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"accessKeyId\":\"" + accessKeyId
                + "\",\"accountId\":\"acct-a\",\"keyVersion\":" + keyVersion + ",\"occurredAt\":\"" + now + "\"}}";
    }
}
