package io.edgestorage.keys.messaging;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.createKey;
import static io.edgestorage.keys.Api.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.keys.Api;
import io.edgestorage.keys.KeyEventsReader;
import io.edgestorage.keys.KeyEventsReader.Event;
import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** Events read back from the real broker, exactly as a verifier would see them. */
@QuarkusTest
class KeyEventsTest {

    @Test
    void createRotateRevoke_publishExactlyTheirThreeEvents_inOrder_keyedByAccessKeyId() {
        String account = newAccount();
        try (KeyEventsReader reader = new KeyEventsReader()) {
            Api.Key key = createKey(account, "evented");
            as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then().statusCode(200);
            as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
            as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204); // no second event

            List<Event> events = reader.await(e -> key.id().equals(e.key()), l -> l.size() >= 3, Duration.ofSeconds(20));
            assertThat(events).extracting(Event::type)
                    .containsExactly("storage.key.created", "storage.key.rotated", "storage.key.revoked");
            assertThat(events).extracting(e -> e.value().path("data").path("keyVersion").asInt()).containsExactly(1, 2, 2);
            for (Event e : events) {
                JsonNode v = e.value();
                assertThat(v.path("specversion").asText()).isEqualTo("1.0");
                assertThat(UUID.fromString(v.path("id").asText())).isNotNull();
                assertThat(v.path("source").asText()).isEqualTo("/edge-storage/key-service");
                assertThat(v.path("subject").asText()).isEqualTo(key.id());
                assertThat(v.path("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(Instant.parse(v.path("time").asText())).isNotNull();
                assertThat(v.path("data").path("accessKeyId").asText()).isEqualTo(key.id());
                assertThat(v.path("data").path("accountId").asText()).isEqualTo(account);
                assertThat(Instant.parse(v.path("data").path("occurredAt").asText())).isNotNull();
                assertThat(v.path("data").size()).isEqualTo(4);
                assertThat(v.toString()).doesNotContain(key.secret());
                assertThat(e.headers()).containsEntry("content-type", "application/cloudevents+json; charset=UTF-8");
            }
            // and no duplicates trickle in later
            assertThat(reader.collectFor(e -> key.id().equals(e.key()), Duration.ofSeconds(2))).hasSize(3);
        }
        Awaitility.await("outbox rows stamped published").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50)).until(() -> Sql.query(
                        "select 1 from keys.outbox o where o.aggregate_id in (select access_key_id from keys.access_keys "
                                + "where account_id = ?) and o.published_at is null", account).isEmpty());
    }

    @Test
    void rotateAndRevoke_answerOnlyOnceTheirEventIsOnKafka() {
        String account = newAccount();
        Api.Key key = createKey(account, "answered-after-publish");
        as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then().statusCode(200);
        // No polling: the answer itself means the event was acknowledged by the broker and stamped.
        assertThat(unpublishedEvents(key.id(), "storage.key.rotated")).isZero();
        assertThat(publishedEvents(key.id(), "storage.key.rotated")).isEqualTo(1);
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        assertThat(unpublishedEvents(key.id(), "storage.key.revoked")).isZero();
        assertThat(publishedEvents(key.id(), "storage.key.revoked")).isEqualTo(1);
    }

    @Test
    void revokingAnApiToken_publishesItsTokenId_neverItsValueOrHash_beforeTheRevokeAnswers() {
        String account = newAccount();
        try (KeyEventsReader reader = new KeyEventsReader()) {
            var created = Api.holding(account, Api.ALL_SCOPES).body("{\"name\":\"to-revoke\"}")
                    .when().post("/internal/v1/tokens").then().statusCode(201).extract();
            String tokenId = created.path("id");
            String token = created.path("token");
            as(account).when().delete("/internal/v1/tokens/" + tokenId).then().statusCode(204);
            // No polling: the answer itself means the event was acknowledged by the broker and stamped.
            assertThat(unpublishedEvents(tokenId, "storage.token.revoked")).isZero();
            assertThat(publishedEvents(tokenId, "storage.token.revoked")).isEqualTo(1);

            Event event = reader.await(e -> tokenId.equals(e.key()), l -> !l.isEmpty(), Duration.ofSeconds(20)).get(0);
            JsonNode v = event.value();
            assertThat(event.type()).isEqualTo("storage.token.revoked");
            assertThat(v.path("specversion").asText()).isEqualTo("1.0");
            assertThat(v.path("source").asText()).isEqualTo("/edge-storage/key-service");
            assertThat(v.path("subject").asText()).isEqualTo(tokenId);
            assertThat(v.path("data").path("tokenId").asText()).isEqualTo(tokenId);
            assertThat(v.path("data").path("accountId").asText()).isEqualTo(account);
            assertThat(Instant.parse(v.path("data").path("occurredAt").asText())).isNotNull();
            assertThat(v.path("data").size()).isEqualTo(3);
            assertThat(v.toString()).doesNotContain(token).doesNotContain(io.edgestorage.keys.Credentials.tokenHash(token));
            assertThat(event.headers()).containsEntry("content-type", "application/cloudevents+json; charset=UTF-8");
            // Creating a token announces nothing (nothing is cached before its first use).
            assertThat(reader.collectFor(e -> tokenId.equals(e.key()), Duration.ofSeconds(1))).hasSize(1);
        }
    }

    static int unpublishedEvents(String accessKeyId, String type) {
        return Sql.query("select 1 from keys.outbox where aggregate_id = ? and event_type = ? and published_at is null",
                accessKeyId, type).size();
    }

    static int publishedEvents(String accessKeyId, String type) {
        return Sql.query("select 1 from keys.outbox where aggregate_id = ? and event_type = ? and published_at is not null",
                accessKeyId, type).size();
    }

    @Test
    void relayMetrics_areExposed() {
        createKey(newAccount(), "metered");
        Awaitility.await("published counter in /q/metrics").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> InternalApi.anonymous()
                        .get("/q/metrics").asString().matches("(?s).*edge_key_events_published_total [1-9].*"));
        InternalApi.anonymous().get("/q/metrics").then().statusCode(200)
                .body(containsString("edge_key_events_publish_failures_total"))
                .body(containsString("edge_key_events_relay_since_success_seconds"));
    }

    @Test
    void heartbeats_arePublishedEveryFewSeconds() {
        try (KeyEventsReader reader = new KeyEventsReader()) {
            // Two beats with distinct stamps well apart: periodic, not a burst. The interval is 2 s, but a
            // beat is skipped while the previous one is still in flight, and on a loaded machine a 5 s window
            // once saw only one, so the wait is generous and the spacing is read from the stamps. The
            // scheduler runs at a fixed rate: a beat that started a second late is followed by one on time,
            // so two stamps can be a little under a second apart (0.999 s seen), never milliseconds.
            List<Event> beats = reader.await(e -> "heartbeat".equals(e.key()), l -> l.size() >= 2, Duration.ofSeconds(20));
            Instant first = Instant.parse(beats.get(0).value().path("data").path("occurredAt").asText());
            Instant second = Instant.parse(beats.get(1).value().path("data").path("occurredAt").asText());
            assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            Event beat = beats.get(0);
            assertThat(beat.type()).isEqualTo("storage.keys.heartbeat");
            assertThat(beat.value().path("subject").asText()).isEqualTo("heartbeat");
            assertThat(Instant.parse(beat.value().path("data").path("occurredAt").asText())).isNotNull();
            assertThat(beat.value().path("data").size()).isEqualTo(1);
        }
    }
}
