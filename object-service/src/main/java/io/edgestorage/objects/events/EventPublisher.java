package io.edgestorage.objects.events;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.edgestorage.objects.metadata.OutboxRepository.OutboxEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends this service's events to {@code storage.key-events} through the {@code outbox-events} channel
 * (application.properties: {@code acks=all}, idempotent, bounded delivery time). The Uni completes when the
 * broker has acknowledged the record, and fails when it did not in time.
 */
@ApplicationScoped
public class EventPublisher {

    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final MutinyEmitter<String> emitter;

    public EventPublisher(@Channel("outbox-events") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** False until the Kafka sink has subscribed (shortly after start): a send would only fail. */
    public boolean ready() {
        try {
            return emitter.hasRequests();
        } catch (RuntimeException notConnectedYet) {
            return false;
        }
    }

    public Uni<Void> publish(OutboxEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(event.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.recordKey()).withHeaders(headers).build());
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message));
    }
}
