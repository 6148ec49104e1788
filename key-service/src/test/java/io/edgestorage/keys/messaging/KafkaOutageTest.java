package io.edgestorage.keys.messaging;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.createKey;
import static io.edgestorage.keys.Api.newAccount;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Api;
import io.edgestorage.keys.KeyEventsReader;
import io.edgestorage.keys.KeyEventsReader.Event;
import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Kafka unreachable: changes still commit, their events wait in the outbox, a relay pointed at a dead
 * broker publishes nothing and loses nothing, and once a broker is reachable every event arrives,
 * once, in order per key. (The shared broker is not stopped: the app's own relay is switched off and
 * the relay is run here against a dead address, then against the live broker.)
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.RelayOff.class)
class KafkaOutageTest {

    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.keys.events.relay-enabled", "false");
        }
    }

    @Inject
    Pool pool;

    @Test
    void withKafkaDown_changesCommit_andTheirEventsArePublishedOnceBack_noneLostNoneReordered() {
        String account = newAccount();
        Api.Key a = createKey(account, "a");
        Api.Key b = createKey(account, "b");
        as(account).when().post("/internal/v1/keys/" + a.id() + "/rotate").then().statusCode(200);
        as(account).when().delete("/internal/v1/keys/" + b.id()).then().statusCode(204);
        as(account).when().post("/internal/v1/keys/" + a.id() + "/rotate").then().statusCode(200);
        as(account).when().delete("/internal/v1/keys/" + a.id()).then().statusCode(204);
        assertThat(unpublished(a.id())).isEqualTo(4);
        assertThat(unpublished(b.id())).isEqualTo(2);

        try (KeyEventsReader reader = new KeyEventsReader()) {
            try (KafkaKeyEventPublisher dead = new KafkaKeyEventPublisher("127.0.0.1:1", KeyEventsReader.TOPIC,
                    Duration.ofSeconds(2), "key-service-test-dead")) {
                OutboxRelay.Drain attempt = new OutboxRelay(pool, dead, 100).drainOnce().await().atMost(Duration.ofSeconds(30));
                assertThat(attempt.failure()).isNotNull();
                assertThat(attempt.published()).isZero();
            }
            assertThat(unpublished(a.id())).isEqualTo(4);
            assertThat(unpublished(b.id())).isEqualTo(2);

            try (KafkaKeyEventPublisher live = new KafkaKeyEventPublisher(
                    System.getenv().getOrDefault("EDGE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"), KeyEventsReader.TOPIC,
                    Duration.ofSeconds(10), "key-service-test-live")) {
                OutboxRelay relay = new OutboxRelay(pool, live, 2); // small batches: order must hold across them
                OutboxRelay.Drain drain;
                do {
                    drain = relay.drainOnce().await().atMost(Duration.ofSeconds(30));
                    assertThat(drain.failure()).isNull();
                } while (drain.more());
            }
            assertThat(unpublished(a.id())).isZero();
            assertThat(unpublished(b.id())).isZero();

            List<Event> ofA = reader.await(e -> a.id().equals(e.key()), l -> l.size() >= 4, Duration.ofSeconds(20));
            List<Event> ofB = reader.await(e -> b.id().equals(e.key()), l -> l.size() >= 2, Duration.ofSeconds(20));
            assertThat(ofA).extracting(Event::type).containsExactly("storage.key.created", "storage.key.rotated",
                    "storage.key.rotated", "storage.key.revoked");
            assertThat(ofA).extracting(e -> e.value().path("data").path("keyVersion").asInt()).containsExactly(1, 2, 3, 3);
            assertThat(ofB).extracting(Event::type).containsExactly("storage.key.created", "storage.key.revoked");
            assertThat(reader.collectFor(e -> a.id().equals(e.key()) || b.id().equals(e.key()), Duration.ofSeconds(1)))
                    .hasSize(6);
        }
    }

    private static int unpublished(String accessKeyId) {
        return Sql.query("select 1 from keys.outbox where aggregate_id = ? and published_at is null", accessKeyId).size();
    }
}
