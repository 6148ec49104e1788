package io.edgestorage.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain consumer of the real {@code storage.key-events} topic, positioned at the end when created
 * (its own group: the broker is shared with other tests), collecting what arrives afterwards.
 */
public final class KeyEventsReader implements AutoCloseable {

    public static final String TOPIC = "storage.key-events";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> seen = new ArrayList<>();

    public record Event(String key, JsonNode value, Map<String, String> headers) {
        public String type() {
            return value.path("type").asText();
        }
    }

    public KeyEventsReader() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("EDGE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "key-service-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the test acts
    }

    /** Polls until {@code done} holds for the events matching {@code filter}; returns those events in arrival order. */
    public List<Event> await(Predicate<Event> filter, Predicate<List<Event>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> matching = seen.stream().filter(filter).toList();
            if (done.test(matching)) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for key events; matching so far: " + matching);
            }
            pollOnce();
        }
    }

    /** Everything matching that has arrived by the end of {@code window} (to prove that nothing more comes). */
    public List<Event> collectFor(Predicate<Event> filter, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce();
        }
        return seen.stream().filter(filter).toList();
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
            Map<String, String> headers = new HashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            try {
                seen.add(new Event(r.key(), JSON.readTree(r.value()), headers));
            } catch (Exception e) {
                // another test's non-JSON record on the shared topic: not ours
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
