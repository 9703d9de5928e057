package io.touchline.messaging;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every Kafka topic of the event path, with the shape it is created with. Keys are always
 * {@code tenantId:accountId} (see {@link Envelope#key()}); each topic a service consumes (including
 * {@code usage-events.raw}, the Kafka-native ingest path) has a dead-letter topic {@code <topic>.dlq}.
 */
public final class Topics {

    public static final String USAGE_EVENTS = "usage-events";
    public static final String USAGE_EVENTS_RAW = "usage-events.raw";
    public static final String HEALTH_SCORES = "health-scores";
    public static final String HEALTH_SIGNALS = "health-signals";
    public static final String TOUCH_MESSAGES = "touch-messages";

    /** Partitions bound consumer parallelism; six lets a consumer group grow to six instances. */
    public static final int PARTITIONS = 6;

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** A topic and how to create it. */
    public record Spec(String name, int partitions, Map<String, String> config) {
    }

    /** All topics, dead-letter topics included, as the local run and the tests create them. */
    public static List<Spec> catalogue() {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        return Stream.of(
                Stream.of(
                        new Spec(USAGE_EVENTS, PARTITIONS, Map.of()),
                        new Spec(USAGE_EVENTS_RAW, PARTITIONS, Map.of()),
                        new Spec(HEALTH_SCORES, PARTITIONS, compacted),
                        new Spec(HEALTH_SIGNALS, PARTITIONS, Map.of()),
                        new Spec(TOUCH_MESSAGES, PARTITIONS, Map.of())),
                Stream.of(USAGE_EVENTS, USAGE_EVENTS_RAW, HEALTH_SIGNALS, TOUCH_MESSAGES)
                        .map(topic -> new Spec(dlq(topic), 1, Map.of())))
                .flatMap(s -> s)
                .toList();
    }
}
