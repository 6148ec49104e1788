package io.edgestorage.objects.grants;

import static io.edgestorage.objects.grants.InternalGrantApiTest.gateway;
import static io.edgestorage.objects.grants.InternalGrantApiTest.issued;
import static io.edgestorage.objects.grants.InternalGrantApiTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.events.GrantEvents;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Grant and object revocations through the real Kafka broker: each is announced by the outbox relay on
 * {@code storage.key-events}, every replica's consumer applies what it reads (this one its own events too), a
 * row no relay was told about goes out with the sweep, and records that are not well-formed events are skipped.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class GrantRevocationEventsTest {

    @Inject
    Grants grants;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    @Inject
    ObjectMapper json;

    private double applied(String type) {
        return metrics.find("edge.grant.events.applied").tag("type", type).counter().count();
    }

    private double malformed() {
        return metrics.find("edge.grant.events.malformed").counter().count();
    }

    private static boolean isEvent(ConsumerRecord<String, String> r, String type, String key) {
        return key.equals(r.key()) && r.value().contains("\"type\":\"" + type + "\"");
    }

    private String recordedGrant(String account) {
        String id = GrantPolicy.newGrantId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        record(issued(id, account, "photos", "a.jpg", "GET", now, now.plusSeconds(3600), ""));
        return id;
    }

    private String ownedBucket(String account) {
        String bucket = S3Clients.bucketName("events");
        gateway(account).contentType("application/json").body("{\"name\":\"" + bucket + "\"}")
                .when().post("/internal/v1/buckets").then().statusCode(201);
        return bucket;
    }

    @Test
    void revokingAGrant_publishesItsEvent_andThisReplicaAppliesItsOwnEventAgainHarmlessly() throws Exception {
        String id = recordedGrant("acct-ev1");
        double appliedBefore = applied(GrantEvents.GRANT_REVOKED);
        try (TopicReader topic = TopicReader.open()) {
            gateway("acct-ev1").when().delete("/internal/v1/grants/" + id).then().statusCode(204);
            assertThat(grants.isRevoked(id)).as("refused here at once").isTrue();
            ConsumerRecord<String, String> r = topic.await(rec -> isEvent(rec, GrantEvents.GRANT_REVOKED, id));
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .startsWith("application/cloudevents+json");
            JsonNode event = json.readTree(r.value());
            assertThat(event.path("source").asText()).isEqualTo("/edge-storage/object-service");
            JsonNode data = event.path("data");
            assertThat(data.path("grantId").asText()).isEqualTo(id);
            assertThat(data.path("accountId").asText()).isEqualTo("acct-ev1");
            assertThat(Instant.parse(data.path("expiresAt").asText())).isAfter(Instant.now());
            assertThat(Instant.parse(data.path("revokedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> applied(GrantEvents.GRANT_REVOKED) > appliedBefore);
        assertThat(grants.isRevoked(id)).isTrue();
        assertThat(pool.preparedQuery("SELECT count(*) FROM objects.outbox WHERE record_key = $1"
                + " AND published_at IS NOT NULL").execute(Tuple.of(id)).await().indefinitely()
                .iterator().next().getLong(0)).as("stamped once sent").isEqualTo(1);

        gateway("acct-ev1").when().delete("/internal/v1/grants/" + id).then().statusCode(204);
        assertThat(pool.preparedQuery("SELECT count(*) FROM objects.outbox WHERE record_key = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0))
                .as("revoking again announces nothing").isEqualTo(1);
    }

    @Test
    void racingRevocationsOfOneGrant_announceItOnce() {
        String id = recordedGrant("acct-ev5");
        List<Uni<GrantRecord>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            racing.add(grants.revoke("acct-ev5", id));
        }
        List<GrantRecord> answers = Uni.join().all(racing).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(answers).extracting(GrantRecord::revokedAt).as("one revocation time for all").containsOnly(
                answers.get(0).revokedAt());
        assertThat(pool.preparedQuery("SELECT count(*) FROM objects.outbox WHERE record_key = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0)).isEqualTo(1);
        assertThat(grants.revoke("acct-other", id).await().atMost(Duration.ofSeconds(10)))
                .as("another account's grant is absent").isNull();
    }

    @Test
    void revokingObjects_publishesTheEventKeyedByTheBucket() throws Exception {
        String bucket = ownedBucket("acct-ev2");
        try (TopicReader topic = TopicReader.open()) {
            String id = gateway("acct-ev2").contentType("application/json").body("{\"prefix\":\"private/\"}")
                    .when().post("/internal/v1/buckets/" + bucket + "/revocations").then().statusCode(201)
                    .extract().path("id");
            JsonNode data = json.readTree(topic.await(rec -> isEvent(rec, GrantEvents.OBJECT_REVOCATION_CREATED,
                    bucket)).value()).path("data");
            assertThat(data.path("id").asText()).isEqualTo(id);
            assertThat(data.path("accountId").asText()).isEqualTo("acct-ev2");
            assertThat(data.path("bucket").asText()).isEqualTo(bucket);
            assertThat(data.path("prefix").asText()).isEqualTo("private/");
            assertThat(data.has("key")).isFalse();
            assertThat(grants.objectRevocations().of(bucket)).extracting(ObjectRevocation::notBefore)
                    .containsExactly(Instant.parse(data.path("notBefore").asText()));
        }
    }

    @Test
    void anotherReplicasEvents_areAppliedHere() throws Exception {
        String grantId = GrantPolicy.newGrantId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String bucket = S3Clients.bucketName("elsewhere");
        ObjectRevocation elsewhere = new ObjectRevocation("rv_" + UUID.randomUUID(), "acct-ev3", bucket, "leak.pdf",
                null, now);
        GrantEvents codec = new GrantEvents(json);
        GrantRecord revoked = new GrantRecord(grantId, "acct-ev3", bucket, "k", "GET", "AKIAKEY", null, null, true,
                null, 0, null, java.util.Map.of(), now, now.plusSeconds(3600), now);
        TopicReader.publish(grantId, codec.grantRevoked(revoked).payload().getBytes(StandardCharsets.UTF_8));
        TopicReader.publish(bucket, codec.objectRevocationCreated(elsewhere).payload().getBytes(StandardCharsets.UTF_8));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> grants.isRevoked(grantId)
                && !grants.objectRevocations().of(bucket).isEmpty());
        assertThat(grants.revocationRefusal(grantId, bucket, "k", now, null)).isNotNull();
        assertThat(grants.revocationRefusal(null, bucket, "leak.pdf", now.minusSeconds(1), null)).isNotNull();
        assertThat(grants.revocationRefusal(null, bucket, "leak.pdf", now.plusSeconds(1), null))
                .as("issued after the revocation").isNull();
    }

    @Test
    void malformedRecords_areSkippedAndCounted_andTheConsumerGoesOn() throws Exception {
        double before = malformed();
        List<String> bad = List.of("not json", "[1]",
                "{\"type\":\"storage.grant.revoked\",\"data\":{\"grantId\":\"gr_x\"}}",
                "{\"type\":\"storage.object.revocation.created\",\"data\":{\"id\":\"rv_x\",\"accountId\":\"a\","
                        + "\"bucket\":\"b\",\"notBefore\":\"yesterday\"}}");
        for (String value : bad) {
            TopicReader.publish("bad", value.getBytes(StandardCharsets.UTF_8));
        }
        TopicReader.publish("bad", null);
        String grantId = GrantPolicy.newGrantId();
        Instant now = Instant.now();
        TopicReader.publish(grantId, new GrantEvents(json).grantRevoked(new GrantRecord(grantId, "acct-ev4", "b", "k",
                "GET", "AKIAKEY", null, null, true, null, 0, null, java.util.Map.of(), now, now.plusSeconds(60), now))
                .payload().getBytes(StandardCharsets.UTF_8));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> grants.isRevoked(grantId));
        assertThat(malformed() - before).as("each bad record, the value-less one too").isEqualTo(bad.size() + 1);
    }

    @Test
    void aRowNoRelayWasToldAbout_isSentByTheSweep_andStamped() {
        // What a crash leaves behind: committed, never sent, its notification gone with the replica that held it.
        UUID eventId = UUID.randomUUID();
        String payload = "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"/edge-storage/object-service\","
                + "\"type\":\"storage.grants.heartbeat\",\"subject\":\"grants-heartbeat\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"occurredAt\":\"" + Instant.now() + "\"}}";
        try (TopicReader topic = TopicReader.open()) {
            pool.preparedQuery("INSERT INTO objects.outbox (event_id, event_type, record_key, payload)"
                    + " VALUES ($1, 'storage.grants.heartbeat', 'grants-heartbeat', $2)")
                    .execute(Tuple.of(eventId, payload)).await().indefinitely();
            topic.await(r -> r.value().contains(eventId.toString()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool
                .preparedQuery("SELECT published_at IS NOT NULL FROM objects.outbox WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next().getBoolean(0));
    }

    @Test
    void theRelayHeartbeats_andThisReplicaHearsItsEvents() {
        try (TopicReader topic = TopicReader.open()) {
            ConsumerRecord<String, String> beat = topic.await(r -> isEvent(r, GrantEvents.HEARTBEAT,
                    GrantEvents.HEARTBEAT_KEY));
            assertThat(beat.value()).contains("\"source\":\"/edge-storage/object-service\"");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> metrics.find("edge.grant.events.hearing").gauge().value() == 1.0);
    }
}
