package io.touchline.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Every Kafka topic of the event path, with the shape it is created with. Keys are always
 * {@code tenantId:accountId} (see {@link Envelope#key()}); each topic a service consumes (including
 * {@code usage-events.raw}, the Kafka-native ingest path) has a dead-letter topic {@code <topic>.dlq}.
 */
public final class Topics {

    public static final String USAGE_EVENTS = "usage-events";
    public static final String USAGE_EVENTS_RAW = "usage-events.raw";
    /** Backfilled history: its own lane, so an import never queues ahead of live events (ADR 0025). */
    public static final String USAGE_IMPORTS = "usage-imports";
    /** Scoring's progress through each import, keyed by import id, compacted: the last word stays. */
    public static final String IMPORT_PROGRESS = "import-progress";
    public static final String HEALTH_SCORES = "health-scores";
    public static final String HEALTH_SIGNALS = "health-signals";
    public static final String TOUCH_MESSAGES = "touch-messages";
    public static final String CS_TASKS = "cs-tasks";

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

    /**
     * Creates the topics of the catalogue the cluster lacks; topics another client creates at the
     * same moment are fine. Used by {@link TopicInitializer} and by the test brokers.
     *
     * @return the names of the topics this call created
     */
    public static List<String> createMissing(Admin admin, short replicationFactor) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = catalogue().stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.config()))
                .toList();
        List<String> created = new ArrayList<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /** All topics, dead-letter topics included, as the local run and the tests create them. */
    public static List<Spec> catalogue() {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        return Stream.of(
                Stream.of(
                        new Spec(USAGE_EVENTS, PARTITIONS, Map.of()),
                        new Spec(USAGE_EVENTS_RAW, PARTITIONS, Map.of()),
                        new Spec(USAGE_IMPORTS, PARTITIONS, Map.of()),
                        new Spec(IMPORT_PROGRESS, 1, compacted),
                        new Spec(HEALTH_SCORES, PARTITIONS, compacted),
                        new Spec(HEALTH_SIGNALS, PARTITIONS, Map.of()),
                        new Spec(TOUCH_MESSAGES, PARTITIONS, Map.of()),
                        new Spec(CS_TASKS, PARTITIONS, Map.of())),
                Stream.of(USAGE_EVENTS, USAGE_EVENTS_RAW, USAGE_IMPORTS, HEALTH_SIGNALS, TOUCH_MESSAGES, CS_TASKS)
                        .map(topic -> new Spec(dlq(topic), 1, Map.of())))
                .flatMap(s -> s)
                .toList();
    }
}
