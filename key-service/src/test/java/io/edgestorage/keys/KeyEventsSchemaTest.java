package io.edgestorage.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The committed JSON Schema and the events actually built must not drift apart. */
class KeyEventsSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final KeyEvents events = new KeyEvents(JSON);

    static JsonNode schema() throws Exception {
        try (InputStream in = KeyEventsSchemaTest.class.getResourceAsStream("/schema/key-event.schema.json")) {
            return JSON.readTree(in);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void keyEvents_haveEveryRequiredAttributeAndDataField_andNothingElseInData() throws Exception {
        JsonNode schema = schema();
        JsonNode event = JSON.readTree(events.keyEvent(UUID.randomUUID(), KeyEvents.ROTATED, "AKIAIOSFODNN7EXAMPLE",
                "demo", 2, Instant.parse("2026-11-28T18:00:00Z")));
        for (String field : texts(schema.path("required"))) {
            assertThat(event.has(field)).as(field).isTrue();
        }
        List<String> dataFields = texts(schema.path("$defs").path("keyData").path("required"));
        assertThat(event.path("data").size()).isEqualTo(dataFields.size());
        dataFields.forEach(f -> assertThat(event.path("data").has(f)).as(f).isTrue());
        assertThat(event.path("subject").asText()).matches(schema.path("$defs").path("accessKeyId").path("pattern").asText());
        assertThat(event.path("specversion").asText()).isEqualTo(schema.path("properties").path("specversion").path("const").asText());
        assertThat(event.path("source").asText()).isEqualTo(schema.path("properties").path("source").path("const").asText());
    }

    @Test
    void everyEventType_isListedInTheSchema() throws Exception {
        assertThat(texts(schema().path("properties").path("type").path("enum")))
                .containsExactlyInAnyOrder(KeyEvents.CREATED, KeyEvents.ROTATED, KeyEvents.REVOKED,
                        KeyEvents.TOKEN_REVOKED, KeyEvents.HEARTBEAT);
    }

    @Test
    void tokenRevocations_carryTheTokenIdAccountAndTime_only() throws Exception {
        JsonNode schema = schema();
        JsonNode event = JSON.readTree(events.tokenRevoked(UUID.randomUUID(), "tok_0123456789abcdef", "demo",
                Instant.parse("2026-11-28T18:00:00Z")));
        assertThat(event.path("type").asText()).isEqualTo("storage.token.revoked");
        for (String field : texts(schema.path("required"))) {
            assertThat(event.has(field)).as(field).isTrue();
        }
        List<String> dataFields = texts(schema.path("$defs").path("tokenData").path("required"));
        assertThat(dataFields).containsExactlyInAnyOrder("tokenId", "accountId", "occurredAt");
        assertThat(event.path("data").size()).isEqualTo(dataFields.size());
        dataFields.forEach(f -> assertThat(event.path("data").has(f)).as(f).isTrue());
        String tokenId = schema.path("$defs").path("tokenId").path("pattern").asText();
        assertThat(event.path("subject").asText()).matches(tokenId);
        // the bootstrap token's id is of the same shape
        assertThat("tok_b0123456789abcdef").matches(tokenId);
    }

    @Test
    void heartbeats_carryOnlyTheirTime() throws Exception {
        JsonNode beat = JSON.readTree(events.heartbeat(UUID.randomUUID(), Instant.now()));
        assertThat(beat.path("type").asText()).isEqualTo("storage.keys.heartbeat");
        assertThat(beat.path("subject").asText()).isEqualTo("heartbeat");
        assertThat(beat.path("data").size()).isEqualTo(1);
        assertThat(texts(schema().path("$defs").path("heartbeatData").path("required"))).containsExactly("occurredAt");
    }
}
