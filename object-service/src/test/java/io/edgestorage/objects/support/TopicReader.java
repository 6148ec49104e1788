package io.edgestorage.objects.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads {@code storage.key-events} (or {@code EDGE_KEY_EVENTS_TOPIC}) on the real broker from the moment it is
 * opened, in a consumer group of its own (the broker is shared), and writes raw records to it.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicReader() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap());
        props.put("group.id", "object-service-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "latest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
    }

    /** Subscribed and assigned: every record published after this returns is read. */
    public static TopicReader open() {
        TopicReader reader = new TopicReader();
        reader.consumer.subscribe(List.of(topic()));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            reader.poll();
            return !reader.consumer.assignment().isEmpty();
        });
        // Resolve "latest" now, not at the first poll after the test has published.
        reader.consumer.assignment().forEach(reader.consumer::position);
        return reader;
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }

    /** The first record read since opening that matches. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            poll();
            return seen.stream().filter(matching).findFirst().orElse(null);
        }, r -> r != null);
    }

    public static void publish(String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap());
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic(), key, value)).get();
        }
    }

    /** The topic the service uses (EDGE_KEY_EVENTS_TOPIC keeps parallel checkouts apart). */
    public static String topic() {
        return System.getenv().getOrDefault("EDGE_KEY_EVENTS_TOPIC", "storage.key-events");
    }

    private static String bootstrap() {
        return System.getenv().getOrDefault("EDGE_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
