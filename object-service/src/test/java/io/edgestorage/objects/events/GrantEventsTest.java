package io.edgestorage.objects.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.objects.grants.GrantRecord;
import io.edgestorage.objects.grants.ObjectRevocation;
import io.edgestorage.objects.metadata.OutboxRepository.OutboxEvent;

/** The revocation events as written to the outbox and as every replica reads them back. */
class GrantEventsTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00.123456Z");
    private final ObjectMapper json = new ObjectMapper();
    private final GrantEvents events = new GrantEvents(json);

    private static GrantRecord revokedGrant() {
        return new GrantRecord("gr_abc", "acct-1", "photos", "a.jpg", "GET", "AKIAKEY", null, null, true, null, 0, null,
                Map.of(), T.minusSeconds(60), T.plusSeconds(3600), T);
    }

    private JsonNode parse(OutboxEvent e) throws Exception {
        return json.readTree(e.payload());
    }

    private GrantEvents.Event read(String value) {
        return events.read(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void grantRevoked_isACloudEventKeyedByTheGrant_andReadsBackAsWritten() throws Exception {
        OutboxEvent e = events.grantRevoked(revokedGrant());
        assertThat(e.recordKey()).isEqualTo("gr_abc");
        assertThat(e.type()).isEqualTo("storage.grant.revoked");
        JsonNode n = parse(e);
        assertThat(n.path("specversion").asText()).isEqualTo("1.0");
        assertThat(n.path("id").asText()).isEqualTo(e.eventId().toString());
        assertThat(n.path("source").asText()).isEqualTo("/edge-storage/object-service");
        assertThat(n.path("subject").asText()).isEqualTo("gr_abc");
        assertThat(n.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(n.path("data").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("grantId", "accountId", "expiresAt", "revokedAt");
        assertThat(events.read(e.payload().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new GrantEvents.GrantRevoked("gr_abc", "acct-1", T.plusSeconds(3600), T));
    }

    @Test
    void objectRevocationCreated_isKeyedByTheBucket_andCarriesKeyOrPrefix() throws Exception {
        ObjectRevocation byKey = new ObjectRevocation("rv_1", "acct-1", "photos", "a.jpg", null, T);
        ObjectRevocation byPrefix = new ObjectRevocation("rv_2", "acct-1", "photos", null, "avatars/", T);
        for (ObjectRevocation r : List.of(byKey, byPrefix)) {
            OutboxEvent e = events.objectRevocationCreated(r);
            assertThat(e.recordKey()).isEqualTo("photos");
            assertThat(e.type()).isEqualTo("storage.object.revocation.created");
            assertThat(parse(e).path("data").fieldNames()).toIterable().containsExactlyInAnyOrder("id", "accountId",
                    "bucket", r.key() != null ? "key" : "prefix", "notBefore");
            assertThat(events.read(e.payload().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new GrantEvents.ObjectsRevoked(r));
        }
    }

    @Test
    void theHeartbeat_hasItsOwnRecordKey() throws Exception {
        OutboxEvent e = events.heartbeat(T);
        assertThat(e.recordKey()).isEqualTo("grants-heartbeat");
        assertThat(parse(e).path("data").path("occurredAt").asText()).isEqualTo(T.toString());
        assertThat(events.read(e.payload().getBytes(StandardCharsets.UTF_8))).isInstanceOf(GrantEvents.Heartbeat.class);
    }

    @Test
    void keyServiceEvents_andTypesAddedLater_areNotThisConsumersBusiness() {
        assertThat(read("{\"type\":\"storage.key.revoked\",\"data\":{\"accessKeyId\":\"AKIA\"}}"))
                .isInstanceOf(GrantEvents.Other.class);
        assertThat(read("{\"type\":\"storage.keys.heartbeat\"}")).isInstanceOf(GrantEvents.Other.class);
        assertThat(read("{\"type\":\"storage.grant.renamed\",\"data\":{}}")).isInstanceOf(GrantEvents.Other.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "[1, 2]",
        "42",
        "{\"type\":\"storage.grant.revoked\"}",
        "{\"type\":\"storage.grant.revoked\",\"data\":{\"grantId\":\"gr_1\",\"accountId\":\"a\",\"expiresAt\":\"soon\","
                + "\"revokedAt\":\"2026-12-07T12:00:00Z\"}}",
        "{\"type\":\"storage.grant.revoked\",\"data\":{\"grantId\":7,\"accountId\":\"a\","
                + "\"expiresAt\":\"2026-12-07T12:00:00Z\",\"revokedAt\":\"2026-12-07T12:00:00Z\"}}",
        "{\"type\":\"storage.grant.revoked\",\"data\":{\"grantId\":\"\",\"accountId\":\"a\","
                + "\"expiresAt\":\"2026-12-07T12:00:00Z\",\"revokedAt\":\"2026-12-07T12:00:00Z\"}}",
        "{\"type\":\"storage.object.revocation.created\",\"data\":{\"id\":\"rv_1\",\"accountId\":\"a\","
                + "\"bucket\":\"b\",\"notBefore\":\"2026-12-07T12:00:00Z\"}}",
        "{\"type\":\"storage.object.revocation.created\",\"data\":{\"id\":\"rv_1\",\"accountId\":\"a\","
                + "\"bucket\":\"b\",\"key\":\"k\",\"prefix\":\"p\",\"notBefore\":\"2026-12-07T12:00:00Z\"}}",
        "{\"type\":\"storage.object.revocation.created\",\"data\":[]}"
    })
    void malformedEvents_areReadAsMalformed_neverThrown(String value) {
        assertThat(read(value)).isInstanceOf(GrantEvents.Malformed.class);
    }

    @Test
    void aRecordWithoutAValue_isMalformed() {
        assertThat(events.read(null)).isInstanceOf(GrantEvents.Malformed.class);
    }
}
