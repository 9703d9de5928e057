package io.touchline.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Topics;

/**
 * Produces to and reads from the test broker of {@link KafkaBroker}, the way tests need it:
 * envelopes keyed as the services key them, and records of one key only, since every test
 * class of a JVM shares the broker.
 */
public final class TestKafka {

    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    /** How long a count must hold before a test believes no further record is coming. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static KafkaCompanion companion;
    private static final EnvelopeCodec CODEC = new EnvelopeCodec(new ObjectMapper());

    private TestKafka() {
    }

    private static synchronized KafkaCompanion companion() {
        if (companion == null) {
            companion = new KafkaCompanion(KafkaBroker.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(companion::close, "kafka-companion-close"));
        }
        return companion;
    }

    public static void produce(String topic, Envelope envelope) {
        produce(topic, envelope.key(), CODEC.encode(envelope));
    }

    /** Produces all of them in one go, so the consumer may see them in one poll. */
    public static void produceAll(String topic, List<Envelope> envelopes) {
        companion().produceStrings().fromRecords(envelopes.stream()
                .map(e -> new ProducerRecord<>(topic, e.key(), CODEC.encode(e))).toList()).awaitCompletion();
    }

    public static void produce(String topic, String key, String value) {
        produce(new ProducerRecord<>(topic, key, value));
    }

    public static void produce(ProducerRecord<String, String> record) {
        companion().produceStrings().fromRecords(record).awaitCompletion();
    }

    /** The offset the next record produced to each partition of the topic will get. */
    public static Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        companion().offsets().list(latest).forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Starts reading a topic from its beginning; stop the task when done. */
    public static ConsumerTask<String, String> consume(String topic) {
        return companion().consumeStrings().fromTopics(topic);
    }

    public static List<ConsumerRecord<String, String>> withKey(ConsumerTask<String, String> task, String key) {
        return task.getRecords().stream().filter(r -> key.equals(r.key())).toList();
    }

    /**
     * Waits until a topic holds {@code expected} records with this key and no more arrive for a
     * while, then returns them; fails if there are fewer, or more.
     */
    public static List<ConsumerRecord<String, String>> awaitExactly(String topic, String key, int expected) {
        return awaitExactlyWhere(topic, key::equals, expected);
    }

    /** The same for every key that starts with {@code prefix} (a test's own batch of accounts). */
    public static List<ConsumerRecord<String, String>> awaitExactlyWithKeyPrefix(String topic, String prefix,
            int expected) {
        return awaitExactlyWhere(topic, key -> key != null && key.startsWith(prefix), expected);
    }

    private static List<ConsumerRecord<String, String>> awaitExactlyWhere(String topic, Predicate<String> key,
            int expected) {
        ConsumerTask<String, String> task = consume(topic);
        Supplier<List<ConsumerRecord<String, String>>> matching = () -> task.getRecords().stream()
                .filter(r -> key.test(r.key())).toList();
        try {
            await().atMost(ARRIVAL).until(() -> matching.get().size() >= expected);
            await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> matching.get().size() == expected);
            return matching.get();
        } finally {
            task.stop();
        }
    }

    /** The first record with this key on the topic's dead-letter topic. */
    public static ConsumerRecord<String, String> awaitDeadLetter(String topic, String key) {
        ConsumerTask<String, String> task = consume(Topics.dlq(topic));
        try {
            await().atMost(ARRIVAL).until(() -> !withKey(task, key).isEmpty());
            return withKey(task, key).get(0);
        } finally {
            task.stop();
        }
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
