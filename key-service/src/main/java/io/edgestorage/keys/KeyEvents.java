package io.edgestorage.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds the CloudEvents 1.0 (structured JSON) documents of topic {@code storage.key-events}. Data
 * carries ids, versions and times only: never a secret, a derived key, a token or a token's hash.
 */
public final class KeyEvents {

    public static final String CREATED = "storage.key.created";
    public static final String ROTATED = "storage.key.rotated";
    public static final String REVOKED = "storage.key.revoked";
    /** An API token stopped working for good (revoked, or the bootstrap token replaced); record key = token id. */
    public static final String TOKEN_REVOKED = "storage.token.revoked";
    public static final String HEARTBEAT = "storage.keys.heartbeat";
    public static final String HEARTBEAT_KEY = "heartbeat";
    public static final String SOURCE = "/edge-storage/key-service";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final ObjectMapper json;

    public KeyEvents(ObjectMapper json) {
        this.json = json;
    }

    public String keyEvent(UUID id, String type, String accessKeyId, String accountId, int keyVersion, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accessKeyId", accessKeyId);
        data.put("accountId", accountId);
        data.put("keyVersion", keyVersion);
        data.put("occurredAt", at.toString());
        return envelope(id, type, accessKeyId, at, data);
    }

    /** Names the token by its id only: never its value or hash. */
    public String tokenRevoked(UUID id, String tokenId, String accountId, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tokenId", tokenId);
        data.put("accountId", accountId);
        data.put("occurredAt", at.toString());
        return envelope(id, TOKEN_REVOKED, tokenId, at, data);
    }

    public String heartbeat(UUID id, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("occurredAt", at.toString());
        return envelope(id, HEARTBEAT, HEARTBEAT_KEY, at, data);
    }

    private String envelope(UUID id, String type, String subject, Instant at, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id.toString());
        event.put("source", SOURCE);
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", at.toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
