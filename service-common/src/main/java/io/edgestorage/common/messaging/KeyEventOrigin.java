package io.edgestorage.common.messaging;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whose life a record on {@code storage.key-events} shows. object-service announces grant and object
 * revocations (and its own heartbeat) on the same topic; those records say nothing about key-service's relay,
 * so a key-event consumer must not count them against its {@code max-silence} bound: a failing key-service
 * relay would otherwise stay unnoticed while object-service keeps talking.
 */
public final class KeyEventOrigin {

    public static final String KEY_SERVICE = "/edge-storage/key-service";

    private KeyEventOrigin() {
    }

    /** True for an event another service published (its {@code source} names it); false for key-service's. */
    public static boolean isFromAnotherService(JsonNode event) {
        if (event == null) {
            return false;
        }
        JsonNode source = event.get("source");
        return source != null && source.isTextual() && !KEY_SERVICE.equals(source.asText());
    }
}
