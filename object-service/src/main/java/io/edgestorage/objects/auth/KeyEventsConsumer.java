package io.edgestorage.objects.auth;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.messaging.KeyEventOrigin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Consumes {@code storage.key-events} (CloudEvents JSON) with a consumer group of its own per replica,
 * so every replica sees every event: rotations and revocations evict the key, and every event (the
 * heartbeat above all) proves the stream is alive for the revocation bound. {@link KeyEventsCatchUp} learns
 * how far each partition has been read.
 */
@ApplicationScoped
public class KeyEventsConsumer {

    private static final Logger LOG = Logger.getLogger(KeyEventsConsumer.class);

    private final KeyResolver keys;
    private final KeyEventsCatchUp catchUp;
    private final ObjectMapper json;
    private final Timer delivery;

    public KeyEventsConsumer(KeyResolver keys, @Identifier(KeyEventsCatchUp.NAME) KeyEventsCatchUp catchUp, ObjectMapper json,
            MeterRegistry metrics) {
        this.keys = keys;
        this.catchUp = catchUp;
        this.json = json;
        // How long revocations take to reach this replica: the broker's append time to our handling.
        this.delivery = Timer.builder("edge.key.events.delivery")
                .description("Time from a key event's record timestamp (key-service's send) to this replica handling it")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    // In memory only (a started key fetch is asynchronous): handled on the connector's event loop, since
    // Quarkus would otherwise hand every event to a worker thread first, one more hop before revocation.
    @Incoming("key-events")
    @NonBlocking
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        if (record.timestamp() > 0) {
            delivery.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
        }
        onEvent(record.value());
        catchUp.consumed(record.topic(), record.partition(), record.offset());
    }

    void onEvent(byte[] value) {
        if (value == null) {
            keys.signOfLife();
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            keys.signOfLife();
            LOG.warnf("Ignoring a key event that is not JSON (%d bytes)", value.length);
            return;
        }
        if (KeyEventOrigin.isFromAnotherService(event)) {
            return; // grant events: no sign of key-service's life
        }
        keys.signOfLife();
        // Types this service does not act on (token events, future ones) are only a sign of life.
        String type = event.path("type").asText("");
        if (type.equals("storage.keys.heartbeat")) {
            return;
        }
        if (type.startsWith("storage.key.")) {
            String accessKeyId = event.path("data").path("accessKeyId").asText(event.path("subject").asText(""));
            if (accessKeyId.isEmpty()) {
                return;
            }
            if (type.equals("storage.key.revoked")) {
                keys.revoked(accessKeyId);
            } else if (type.equals("storage.key.rotated")) {
                keys.rotated(accessKeyId, event.path("data").path("keyVersion").asLong(0));
            } else {
                keys.evict(accessKeyId);
            }
            LOG.debugf("Evicted access key %s after %s", accessKeyId, type);
        }
    }
}
