package io.touchline.messaging.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.touchline.messaging.KafkaReadiness;
import io.touchline.messaging.config.TopicsConfig;

/**
 * Consumer lag and dead letters, read from the broker as Burrow or kafka-lag-exporter do rather
 * than from the consumers themselves, so they are right while a consumer is stuck or gone:
 * <ul>
 * <li>{@code touchline_kafka_consumer_lag_messages{group,topic,partition}}: the partition's end
 * offset less the group's committed offset, for each incoming channel of the service (records not
 * yet durably applied);</li>
 * <li>{@code touchline_messages_dead_lettered_total{topic}}: records written to
 * {@code <topic>.dlq} for each topic the service consumes (the sum of the dead-letter topic's end
 * offsets), whichever code path wrote them.</li>
 * </ul>
 * Every instance of a service reports the same values; dashboards take the max per series. One
 * series per partition: bounded by the partition count, never by traffic.
 */
@ApplicationScoped
public class KafkaOffsetsMetrics {

    private static final Logger LOG = Logger.getLogger(KafkaOffsetsMetrics.class);

    @Inject
    Config config;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private MultiGauge lag;
    private AdminClient admin;
    private ScheduledExecutorService reader;
    /** group -> topics of the service's incoming channels. */
    private Map<String, Set<String>> consumed;

    void onStart(@Observes StartupEvent event) {
        consumed = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("mp.messaging.incoming.") || !name.endsWith(".connector")
                    || !"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String prefix = name.substring(0, name.length() - "connector".length());
            String channel = prefix.substring("mp.messaging.incoming.".length(), prefix.length() - 1);
            if (!config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true)) {
                continue;
            }
            String topic = config.getOptionalValue(prefix + "topic", String.class).orElse(channel);
            config.getOptionalValue(prefix + "group.id", String.class)
                    .ifPresent(group -> consumed.computeIfAbsent(group, g -> new java.util.TreeSet<>()).add(topic));
        }
        if (consumed.isEmpty()) {
            return;
        }
        lag = MultiGauge.builder("touchline.kafka.consumer.lag")
                .description("Records of a partition not yet committed by the consuming group")
                .baseUnit("messages").register(registry);
        consumed.values().stream().flatMap(Set::stream).distinct().forEach(topic -> {
            AtomicLong written = deadLetters.computeIfAbsent(topic + ".dlq", t -> new AtomicLong());
            FunctionCounter.builder("touchline.messages.dead.lettered", written, AtomicLong::get)
                    .description("Records written to the dead-letter topic of a topic this service consumes")
                    .tag("topic", topic + ".dlq").register(registry);
        });
        admin = AdminClient.create(KafkaReadiness.adminConfig(kafkaConfig, topics.healthTimeout().multipliedBy(2)));
        reader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kafka-offsets-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long every = topics.offsetsEvery().toMillis();
        reader.scheduleWithFixedDelay(this::read, 0, every, TimeUnit.MILLISECONDS);
    }

    private void read() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (var entry : consumed.entrySet()) {
                String group = entry.getKey();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> ends = endOffsets(entry.getValue());
                ends.forEach((partition, end) -> {
                    OffsetAndMetadata at = committed.get(partition);
                    long behind = Math.max(0, end - (at == null ? 0 : at.offset()));
                    rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", partition.topic(),
                            "partition", Integer.toString(partition.partition())), behind));
                });
            }
            lag.register(rows, true);
            Map<TopicPartition, Long> dlqEnds = endOffsets(deadLetters.keySet());
            deadLetters.forEach((topic, written) -> written.set(dlqEnds.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum()));
        } catch (Exception e) {
            // The broker is away: the last values stay, and KafkaReadiness reports the outage.
            LOG.debugf("Could not read offsets: %s", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The end offset of every partition of the topics that exist. */
    private Map<TopicPartition, Long> endOffsets(Set<String> names) throws Exception {
        Set<String> existing = admin.listTopics().names().get().stream().filter(names::contains)
                .collect(Collectors.toSet());
        if (existing.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> described = admin.describeTopics(existing).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions()
                .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @PreDestroy
    void close() {
        if (reader != null) {
            reader.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
