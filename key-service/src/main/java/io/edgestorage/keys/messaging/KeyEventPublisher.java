package io.edgestorage.keys.messaging;

import io.smallrye.mutiny.Uni;

/** Publishes one event to the key-event topic; the Uni completes when the broker has acknowledged it. */
public interface KeyEventPublisher {

    Uni<Void> publish(String recordKey, String cloudEventJson);
}
