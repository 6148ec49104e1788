package io.edgestorage.objects.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.objects.service.KeyResolver;

/**
 * Consumes {@code storage.key-events} (CloudEvents JSON) with a consumer group of its own per replica,
 * so every replica sees every event: rotations and revocations evict the key, and every event (the
 * heartbeat above all) proves the stream is alive for the revocation bound.
 */
@ApplicationScoped
public class KeyEventsConsumer {

    private static final Logger LOG = Logger.getLogger(KeyEventsConsumer.class);

    private final KeyResolver keys;
    private final ObjectMapper json;

    public KeyEventsConsumer(KeyResolver keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Incoming("key-events")
    public void onEvent(byte[] value) {
        keys.signOfLife();
        if (value == null) {
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            LOG.warnf("Ignoring a key event that is not JSON (%d bytes)", value.length);
            return;
        }
        String type = event.path("type").asText("");
        if (type.equals("storage.keys.heartbeat")) {
            return;
        }
        if (type.startsWith("storage.key.")) {
            String accessKeyId = event.path("data").path("accessKeyId").asText(event.path("subject").asText(""));
            if (!accessKeyId.isEmpty()) {
                keys.evict(accessKeyId);
                LOG.debugf("Evicted access key %s after %s", accessKeyId, type);
            }
        }
    }
}
