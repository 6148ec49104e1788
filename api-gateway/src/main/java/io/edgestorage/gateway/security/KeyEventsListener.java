package io.edgestorage.gateway.security;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.messaging.KeyEventOrigin;
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
        JsonNode event = parse(value);
        if (KeyEventOrigin.isFromAnotherService(event)) {
            return; // grant events: no sign of key-service's life
        }
        principals.streamSpoke();
        String tokenId = revokedTokenId(event);
        if (tokenId != null) {
            int dropped = principals.revoked(tokenId);
            LOG.debugf("Token %s revoked: %d cached principal(s) dropped", tokenId, dropped);
        }
    }

    /** The record as JSON; null when it has no value or is not JSON. */
    private JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (IOException notJson) {
            LOG.warnf("Ignoring a key event that is not JSON (%d bytes)", value.length);
            return null;
        }
    }

    /** The token a {@code storage.token.revoked} event names; null for every other event or record. */
    private static String revokedTokenId(JsonNode event) {
        if (event == null || !TOKEN_REVOKED.equals(event.path("type").asText(""))) {
            return null;
        }
        String tokenId = event.path("data").path("tokenId").asText(event.path("subject").asText(""));
        return tokenId.isEmpty() ? null : tokenId;
    }
}
