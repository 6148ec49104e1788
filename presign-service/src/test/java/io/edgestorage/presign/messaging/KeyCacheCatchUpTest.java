package io.edgestorage.presign.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.service.SigningKeys;
import io.edgestorage.presign.support.FakeUpstreams;
import io.edgestorage.presign.support.UrlVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;

/**
 * Signing keys are cached only once the key-event consumer has caught up with its topic: with the real broker
 * that state is reached at start; a lost and re-assigned partition is played with a Kafka {@link MockConsumer}
 * on a topic the real consumer does not read, so the two never mix.
 */
@QuarkusTest
class KeyCacheCatchUpTest {

    static final TopicPartition SIMULATED = new TopicPartition("simulated-key-events", 0);

    @Inject
    SigningKeys signingKeys;

    @Inject
    @Identifier(KeyEventsCatchUp.NAME)
    KeyEventsCatchUp catchUp;

    @Inject
    ObjectMapper mapper;

    @Inject
    Vertx vertx;

    /** Waits for the real consumer to have caught up (its partitions assigned and read to their end). */
    void awaitTrusted() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(signingKeys::isTrusted);
    }

    @Test
    void theRealConsumer_catchesUpWithKafka_andThenSigningKeysAreCached() {
        awaitTrusted();
        String account = accountWithKey("secret");
        presign(account);
        int calls = FakeUpstreams.PRESIGN_KEY_CALLS.get();
        presign(account);
        presign(account);
        assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get()).isEqualTo(calls);
    }

    @Test
    void aKeyRotatedWhileNoPartitionWasRead_isNeverSignedWithFromTheCache() {
        awaitTrusted();
        MockConsumer<String, String> consumer = new MockConsumer<>("latest");
        String account = accountWithKey("old-secret");
        assertThat(verifies(presign(account), "old-secret")).isTrue(); // cached now
        try {
            catchUp.onPartitionsLost(consumer, List.of(SIMULATED));
            // rotated while the replica had no partition: its event is never read
            FakeUpstreams.FakeKey key = FakeUpstreams.giveKey(account, keyIdOf(account), "new-secret");
            key.version = 2;
            int calls = FakeUpstreams.PRESIGN_KEY_CALLS.get();
            assertThat(verifies(presign(account), "new-secret")).as("not from the cache").isTrue();

            consumer.assign(List.of(SIMULATED));
            consumer.updateEndOffsets(Map.of(SIMULATED, 3L));
            consumer.seek(SIMULATED, 1);
            catchUp.onPartitionsAssigned(consumer, List.of(SIMULATED));
            assertThat(signingKeys.isTrusted()).as("two records behind").isFalse();
            presign(account);
            assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get() - calls).as("each presign asks key-service").isEqualTo(2);

            catchUp.consumed(SIMULATED.topic(), 0, 1);
            assertThat(signingKeys.isTrusted()).isFalse();
            catchUp.consumed(SIMULATED.topic(), 0, 2);
            assertThat(signingKeys.isTrusted()).isTrue();
            assertThat(verifies(presign(account), "new-secret")).isTrue();
            int cachedAt = FakeUpstreams.PRESIGN_KEY_CALLS.get();
            presign(account);
            assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get()).as("cached again").isEqualTo(cachedAt);
        } finally {
            signingKeys.trust();
        }
    }

    @Test
    void eventTypesThisServiceDoesNotActOn_leaveCachedKeysAlone() {
        awaitTrusted();
        String account = accountWithKey("secret");
        presign(account);
        int calls = FakeUpstreams.PRESIGN_KEY_CALLS.get();
        KeyEventsConsumer events = new KeyEventsConsumer(signingKeys, mapper, Clock.systemUTC(), vertx,
                Duration.ofHours(1), catchUp);
        for (String type : List.of("storage.token.revoked", "storage.keys.heartbeat", "storage.something.new")) {
            events.onEvent("""
                    {"specversion": "1.0", "type": "%s", "subject": "%s",
                     "data": {"accessKeyId": "%s", "accountId": "%s", "tokenId": "tok_0123456789abcdef"}}
                    """.formatted(type, keyIdOf(account), keyIdOf(account), account)).await().indefinitely();
        }
        events.onEvent("not json").await().indefinitely();
        events.onEvent("[]").await().indefinitely();
        presign(account);
        assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get()).as("still cached").isEqualTo(calls);
    }

    private static String keyIdOf(String account) {
        return ("AKIACU" + account.substring(5, 19).replace("-", "0")).toUpperCase();
    }

    private static String accountWithKey(String secret) {
        String account = "acct-" + UUID.randomUUID();
        FakeUpstreams.giveBucket(account, "catch-up-bucket");
        FakeUpstreams.giveKey(account, keyIdOf(account), secret);
        return account;
    }

    private static boolean verifies(String url, String secret) {
        return UrlVerifier.verify(url, "GET", Map.of(), secret, Instant.now()).isVerified();
    }

    private static String presign(String account) {
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", account)
                .contentType(ContentType.JSON).body("{\"key\": \"doc.txt\"}")
                .when().post("/internal/v1/buckets/catch-up-bucket/presign")
                .then().statusCode(200).extract().path("url");
    }
}
