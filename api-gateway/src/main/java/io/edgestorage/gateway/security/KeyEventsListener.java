package io.edgestorage.gateway.security;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.NonBlocking;

/**
 * Consumes {@code storage.key-events} (CloudEvents JSON, docs/key-events.md) with a consumer group of its
 * own per replica, so every gateway replica hears every event: a {@code storage.token.revoked} drops the
 * token's cached principal at once, and every event (heartbeats above all) keeps {@link PrincipalCache}
 * trusted. Access-key events are not the gateway's business and are ignored, like unknown types.
 */
@ApplicationScoped
public class KeyEventsListener {

    static final String TOKEN_REVOKED = "storage.token.revoked";
    private static final Logger LOG = Logger.getLogger(KeyEventsListener.class);

    private final PrincipalCache principals;
    private final ObjectMapper json;

    public KeyEventsListener(PrincipalCache principals, ObjectMapper json) {
        this.principals = principals;
        this.json = json;
    }

    // In memory only: handled on the connector's event loop, one hop less before a revocation applies.
    @Incoming("key-events")
    @NonBlocking
    public void onEvent(byte[] value) {
        principals.streamSpoke();
        String tokenId = revokedTokenId(value);
        if (tokenId != null) {
            int dropped = principals.revoked(tokenId);
            LOG.debugf("Token %s revoked: %d cached principal(s) dropped", tokenId, dropped);
        }
    }

    /** The token a {@code storage.token.revoked} event names; null for every other event or record. */
    private String revokedTokenId(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode event = json.readTree(value);
            if (event == null || !TOKEN_REVOKED.equals(event.path("type").asText(""))) {
                return null;
            }
            String tokenId = event.path("data").path("tokenId").asText(event.path("subject").asText(""));
            return tokenId.isEmpty() ? null : tokenId;
        } catch (IOException notJson) {
            LOG.warnf("Ignoring a key event that is not JSON (%d bytes)", value.length);
            return null;
        }
    }
}
