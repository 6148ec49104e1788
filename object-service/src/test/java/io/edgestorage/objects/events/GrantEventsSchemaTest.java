package io.edgestorage.objects.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.grants.GrantRecord;
import io.edgestorage.objects.grants.ObjectRevocation;

/** The committed JSON Schema (docs/key-events.md) and the events actually built must not drift apart. */
class GrantEventsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    private final GrantEvents events = new GrantEvents(JSON);

    private static JsonNode schema() throws Exception {
        try (InputStream in = GrantEventsSchemaTest.class.getResourceAsStream("/schema/grant-event.schema.json")) {
            return JSON.readTree(in);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every required attribute, the type's data fields and nothing else, and the subject of its shape. */
    private static void assertMatches(JsonNode schema, JsonNode event, String dataDef, List<String> optionalData,
            String subjectDef) {
        for (String field : texts(schema.path("required"))) {
            assertThat(event.has(field)).as(field).isTrue();
        }
        JsonNode data = event.path("data");
        List<String> required = texts(schema.path("$defs").path(dataDef).path("required"));
        required.forEach(f -> assertThat(data.path(f).isTextual()).as(f).isTrue());
        data.fieldNames().forEachRemaining(f -> assertThat(required.contains(f) || optionalData.contains(f)).as(f)
                .isTrue());
        assertThat(event.path("specversion").asText())
                .isEqualTo(schema.path("properties").path("specversion").path("const").asText());
        assertThat(event.path("source").asText())
                .isEqualTo(schema.path("properties").path("source").path("const").asText());
        if (subjectDef != null) {
            assertThat(event.path("subject").asText())
                    .matches(schema.path("$defs").path(subjectDef).path("pattern").asText());
        }
    }

    @Test
    void everyEventType_isListedInTheSchema() throws Exception {
        assertThat(texts(schema().path("properties").path("type").path("enum"))).containsExactlyInAnyOrder(
                GrantEvents.GRANT_REVOKED, GrantEvents.OBJECT_REVOCATION_CREATED, GrantEvents.HEARTBEAT);
    }

    @Test
    void theEventsBuilt_matchTheSchema() throws Exception {
        JsonNode schema = schema();
        String grantId = GrantPolicy.newGrantId();
        GrantRecord grant = new GrantRecord(grantId, "acct", "photos", "a.jpg", "GET", "AKIAKEY", null, null, true,
                null, 0, null, Map.of(), T, T.plusSeconds(60), T);
        assertMatches(schema, JSON.readTree(events.grantRevoked(grant).payload()), "grantRevokedData", List.of(),
                "grantId");

        String id = "rv_" + GrantPolicy.newGrantId().substring(3);
        JsonNode byKey = JSON.readTree(events.objectRevocationCreated(
                new ObjectRevocation(id, "acct", "photos", "a.jpg", null, T)).payload());
        assertMatches(schema, byKey, "objectRevocationData", List.of("key", "prefix"), null);
        assertThat(byKey.path("data").path("id").asText())
                .matches(schema.path("$defs").path("objectRevocationData").path("properties").path("id")
                        .path("pattern").asText());
        assertThat(byKey.path("subject").asText()).isEqualTo("photos");

        JsonNode beat = JSON.readTree(events.heartbeat(T).payload());
        assertMatches(schema, beat, "heartbeatData", List.of(), null);
        assertThat(beat.path("subject").asText()).isEqualTo(GrantEvents.HEARTBEAT_KEY);
    }
}
