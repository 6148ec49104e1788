package io.edgestorage.presign.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.presign.service.SigningKeys;
import io.smallrye.mutiny.Uni;

/**
 * Listens to {@code storage.key-events} (CloudEvents, docs/key-events.md) and evicts cached signing keys
 * when a key is rotated or revoked, so the next URL is signed with the new secret (or a fresh key).
 * Every replica has its own consumer group: each must hear every event.
 */
@ApplicationScoped
public class KeyEventsConsumer {

    static final String ROTATED = "storage.key.rotated";
    static final String REVOKED = "storage.key.revoked";
    private static final Logger LOG = Logger.getLogger(KeyEventsConsumer.class);

    private final SigningKeys signingKeys;
    private final ObjectMapper mapper;

    public KeyEventsConsumer(SigningKeys signingKeys, ObjectMapper mapper) {
        this.signingKeys = signingKeys;
        this.mapper = mapper;
    }

    @Incoming("key-events")
    public Uni<Void> onEvent(String value) {
        JsonNode event;
        try {
            event = mapper.readTree(value);
        } catch (Exception malformed) {
            LOG.warnf("Ignoring a key event that is not JSON (%d chars)", value == null ? 0 : value.length());
            return Uni.createFrom().voidItem();
        }
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        String type = event.path("type").asText("");
        if (!ROTATED.equals(type) && !REVOKED.equals(type)) {
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.path("data");
        String accessKeyId = text(data.path("accessKeyId"), text(event.path("subject"), null));
        String accountId = text(data.path("accountId"), null);
        LOG.debugf("Evicting signing keys after %s of %s (account %s)", type, accessKeyId, accountId);
        return signingKeys.evict(accessKeyId, accountId);
    }

    private static String text(JsonNode node, String fallback) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : fallback;
    }
}
