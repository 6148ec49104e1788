package io.edgestorage.objects.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.objects.S3Exception;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigningKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * When a replica may trust its key cache: only after its consumer of {@code storage.key-events} got its
 * partitions and read them up to the end offsets of that moment. The consumer's state is a Kafka
 * {@link MockConsumer}; key-service is a map of revoked ids.
 */
class KeyEventsCatchUpTest {

    static final CredentialScope SCOPE = new CredentialScope("20261128", "us-east-1", "s3");
    static final String KEY = "AKIATESTWINDOW000001";
    static final String TOPIC = "storage.key-events";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    final Set<String> revokedAtKeyService = ConcurrentHashMap.newKeySet();
    final AtomicInteger fetches = new AtomicInteger();
    final KeyResolver keys = new KeyResolver((id, scope) -> {
        fetches.incrementAndGet();
        return Uni.createFrom().item(revokedAtKeyService.contains(id) ? new KeyResolver.Unknown("access-key-revoked")
                : new KeyResolver.Found(new KeyResolver.ResolvedKey(id, "acct", SigningKey.derive("secret", scope))));
    }, Clock.systemUTC(), new KeyResolver.Settings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(10),
            true, 100, 100));
    final KeyEventsCatchUp catchUp = new KeyEventsCatchUp(keys, new SimpleMeterRegistry());
    final KeyEventsConsumer events = new KeyEventsConsumer(keys, catchUp, new ObjectMapper(), new SimpleMeterRegistry());
    final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");

    String resolve() {
        try {
            return keys.resolve(KEY, SCOPE).await().indefinitely().accountId();
        } catch (S3Exception e) {
            return e.error().code();
        }
    }

    /** The consumer gets the partitions at these positions, the log ending at these offsets. */
    void assign(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        consumer.assign(positions.keySet());
        consumer.updateEndOffsets(ends);
        positions.forEach(consumer::seek);
        catchUp.onPartitionsAssigned(consumer, positions.keySet());
    }

    @Test
    void aKeyRevokedBetweenTheFirstFetchAndTheAssignment_isNotServedFromTheCache() {
        assertThat(resolve()).isEqualTo("acct"); // fetched while the consumer has no partitions yet
        revokedAtKeyService.add(KEY); // its revocation event lands before the assignment: never read
        assertThat(resolve()).as("not trusted before the assignment").isEqualTo("InvalidAccessKeyId");

        keys.evict(KEY);
        revokedAtKeyService.remove(KEY);
        assertThat(resolve()).isEqualTo("acct");
        revokedAtKeyService.add(KEY);
        assign(Map.of(P0, 7L), Map.of(P0, 7L)); // "latest": nothing left to read
        assertThat(keys.isCaughtUp()).isTrue();
        assertThat(resolve()).as("the key fetched before the assignment was forgotten").isEqualTo("InvalidAccessKeyId");
    }

    @Test
    void behindTheEndOffsets_everyUseRevalidates_untilTheLastRecordIsRead() {
        assign(Map.of(P0, 3L, P1, 10L), Map.of(P0, 5L, P1, 10L));
        assertThat(keys.isCaughtUp()).isFalse();
        resolve();
        resolve();
        assertThat(fetches.get()).isEqualTo(2);

        catchUp.consumed(TOPIC, 0, 3);
        assertThat(keys.isCaughtUp()).isFalse();
        catchUp.consumed(TOPIC, 0, 4);
        assertThat(keys.isCaughtUp()).isTrue();
        resolve();
        assertThat(fetches.get()).as("the cache answers once caught up (keys fetched after the assignment are kept: "
                + "every later revocation is read)").isEqualTo(2);
    }

    @Test
    void losingThePartitions_distrustsTheCacheAgain_untilTheNextAssignmentCaughtUp() {
        assign(Map.of(P0, 5L), Map.of(P0, 5L));
        resolve();
        catchUp.onPartitionsLost(consumer, List.of(P0));
        assertThat(keys.isCaughtUp()).isFalse();
        assertThat(keys.size()).isZero();
        assign(Map.of(P0, 9L), Map.of(P0, 9L));
        assertThat(keys.isCaughtUp()).isTrue();
    }

    @Test
    void eventTypesThisServiceDoesNotKnow_areIgnored_butCountAsASignOfLife() {
        assign(Map.of(P0, 0L), Map.of(P0, 0L));
        assertThat(resolve()).isEqualTo("acct");
        for (String type : List.of("storage.token.revoked", "storage.something.new", "")) {
            events.onEvent(("{\"specversion\":\"1.0\",\"type\":\"" + type + "\",\"subject\":\"" + KEY
                    + "\",\"data\":{\"accessKeyId\":\"" + KEY + "\",\"tokenId\":\"tok_x\"}}").getBytes(StandardCharsets.UTF_8));
        }
        events.onEvent("not json".getBytes(StandardCharsets.UTF_8));
        events.onEvent("[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.size()).as("still cached").isEqualTo(1);
        assertThat(resolve()).isEqualTo("acct");
        assertThat(fetches.get()).isEqualTo(1);

        events.onEvent(("{\"type\":\"storage.key.revoked\",\"data\":{\"accessKeyId\":\"" + KEY + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> keys.resolve(KEY, SCOPE).await().indefinitely()).isInstanceOf(S3Exception.class);
    }
}
