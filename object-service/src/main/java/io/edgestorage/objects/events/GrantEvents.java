package io.edgestorage.objects.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.edgestorage.objects.grants.GrantRecord;
import io.edgestorage.objects.grants.ObjectRevocation;
import io.edgestorage.objects.metadata.OutboxRepository.OutboxEvent;

/**
 * The events of grant and object revocations on {@code storage.key-events} (CloudEvents 1.0, structured JSON, as
 * key-service's; schema in docs/key-events.md), written and read. Pure: reading never throws, an event that does
 * not hold what its type promises is answered as {@link Malformed}.
 */
@Singleton
public final class GrantEvents {

    public static final String SOURCE = "/edge-storage/object-service";
    public static final String GRANT_REVOKED = "storage.grant.revoked";
    public static final String OBJECT_REVOCATION_CREATED = "storage.object.revocation.created";
    public static final String HEARTBEAT = "storage.grants.heartbeat";
    /** Record key (and subject) of heartbeats. */
    public static final String HEARTBEAT_KEY = "grants-heartbeat";

    /** What a record on the topic means to a replica enforcing revocations. */
    public sealed interface Event {
    }

    public record GrantRevoked(String grantId, String accountId, Instant expiresAt, Instant revokedAt)
            implements Event {
    }

    public record ObjectsRevoked(ObjectRevocation revocation) implements Event {
    }

    public record Heartbeat() implements Event {
    }

    /** Not for this consumer: key-service's events, types added later. */
    public record Other() implements Event {
    }

    /** One of this service's types without what the type promises, or not JSON at all. */
    public record Malformed(String reason) implements Event {
    }

    private final ObjectMapper json;

    public GrantEvents(ObjectMapper json) {
        this.json = json;
    }

    public OutboxEvent grantRevoked(GrantRecord grant) {
        ObjectNode data = json.createObjectNode().put("grantId", grant.grantId()).put("accountId", grant.accountId())
                .put("expiresAt", grant.expiresAt().toString()).put("revokedAt", grant.revokedAt().toString());
        return event(GRANT_REVOKED, grant.grantId(), grant.revokedAt(), data);
    }

    public OutboxEvent objectRevocationCreated(ObjectRevocation r) {
        ObjectNode data = json.createObjectNode().put("id", r.id()).put("accountId", r.accountId())
                .put("bucket", r.bucket());
        if (r.key() != null) {
            data.put("key", r.key());
        } else {
            data.put("prefix", r.prefix());
        }
        data.put("notBefore", r.notBefore().toString());
        return event(OBJECT_REVOCATION_CREATED, r.bucket(), r.notBefore(), data);
    }

    public OutboxEvent heartbeat(Instant now) {
        return event(HEARTBEAT, HEARTBEAT_KEY, now, json.createObjectNode().put("occurredAt", now.toString()));
    }

    private OutboxEvent event(String type, String subject, Instant time, ObjectNode data) {
        UUID id = UUID.randomUUID();
        ObjectNode event = json.createObjectNode().put("specversion", "1.0").put("id", id.toString())
                .put("source", SOURCE).put("type", type).put("subject", subject).put("time", time.toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return new OutboxEvent(id, type, subject, event.toString());
    }

    /** What the record's value means; never throws. */
    public Event read(byte[] value) {
        if (value == null) {
            return new Malformed("a record without a value");
        }
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            return new Malformed("not JSON (" + value.length + " bytes)");
        }
        if (event == null || !event.isObject()) {
            return new Malformed("not a JSON object");
        }
        String type = event.path("type").asText("");
        JsonNode data = event.path("data");
        try {
            return switch (type) {
                case HEARTBEAT -> new Heartbeat();
                case GRANT_REVOKED -> new GrantRevoked(text(data, "grantId"), text(data, "accountId"),
                        instant(data, "expiresAt"), instant(data, "revokedAt"));
                case OBJECT_REVOCATION_CREATED -> new ObjectsRevoked(new ObjectRevocation(text(data, "id"),
                        text(data, "accountId"), text(data, "bucket"), optionalText(data, "key"),
                        optionalText(data, "prefix"), instant(data, "notBefore")));
                default -> new Other();
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return new Malformed(type + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode data, String field) {
        String value = optionalText(data, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("data." + field + " missing");
        }
        return value;
    }

    private static String optionalText(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("data." + field + " is not a string");
        }
        return node.asText();
    }

    private static Instant instant(JsonNode data, String field) {
        return Instant.parse(text(data, field));
    }
}
