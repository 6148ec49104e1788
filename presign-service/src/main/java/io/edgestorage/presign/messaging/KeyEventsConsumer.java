package io.edgestorage.presign.messaging;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.messaging.KeyEventOrigin;
import io.edgestorage.presign.service.SigningKeys;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Listens to {@code storage.key-events} (CloudEvents, docs/key-events.md) and evicts cached signing keys
 * when a key is rotated or revoked, so the next URL is signed with the new secret (or a fresh key).
 * Every replica has its own consumer group: each must hear every event. When the stream (heartbeats
 * included) has been silent for {@code edge.keys.max-silence}, an event may have been missed, so cached
 * keys are dropped every second until it speaks again: each presign then asks key-service.
 */
@ApplicationScoped
public class KeyEventsConsumer {

    static final String ROTATED = "storage.key.rotated";
    static final String REVOKED = "storage.key.revoked";
    private static final Logger LOG = Logger.getLogger(KeyEventsConsumer.class);
    private static final long SILENCE_CHECK_MS = 1_000;

    private final SigningKeys signingKeys;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Vertx vertx;
    private final EventStreamSilence silence;
    private final KeyEventsCatchUp catchUp;

    public KeyEventsConsumer(SigningKeys signingKeys, ObjectMapper mapper, Clock clock, Vertx vertx,
            @ConfigProperty(name = "edge.keys.max-silence") Duration maxSilence,
            @Identifier(KeyEventsCatchUp.NAME) KeyEventsCatchUp catchUp) {
        this.signingKeys = signingKeys;
        this.catchUp = catchUp;
        this.mapper = mapper;
        this.clock = clock;
        this.vertx = vertx;
        this.silence = new EventStreamSilence(maxSilence, clock.instant());
    }

    /** At startup, not on first use: a stream that never speaks must fall silent too. */
    void watchForSilence(@Observes StartupEvent start) {
        vertx.setPeriodic(SILENCE_CHECK_MS, id -> checkSilence());
    }

    private void checkSilence() {
        EventStreamSilence.Check check = silence.check(clock.instant());
        if (check == EventStreamSilence.Check.FELL_SILENT) {
            LOG.warn("No key event or heartbeat within edge.keys.max-silence: cached signing keys are no longer "
                    + "trusted; every presign asks key-service until the stream speaks again");
        } else if (check == EventStreamSilence.Check.SPEAKS_AGAIN) {
            LOG.info("Key events flow again: signing keys are cached again");
        }
        if (check.distrustCache()) {
            signingKeys.evictAll().subscribe().with(v -> { }, e -> LOG.warn("Could not drop cached keys", e));
        }
    }

    @Incoming("key-events")
    public Uni<Void> onEvent(ConsumerRecord<String, String> record) {
        return onEvent(record.value()).invoke(() -> catchUp.consumed(record.topic(), record.partition(), record.offset()));
    }

    /** Types other than rotated and revoked (heartbeats, token events, future ones) are only a sign of life. */
    Uni<Void> onEvent(String value) {
        JsonNode event;
        try {
            event = mapper.readTree(value);
        } catch (Exception malformed) {
            silence.heard(clock.instant());
            LOG.warnf("Ignoring a key event that is not JSON (%d chars)", value == null ? 0 : value.length());
            return Uni.createFrom().voidItem();
        }
        if (KeyEventOrigin.isFromAnotherService(event)) {
            return Uni.createFrom().voidItem(); // grant events: no sign of key-service's life
        }
        silence.heard(clock.instant());
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
