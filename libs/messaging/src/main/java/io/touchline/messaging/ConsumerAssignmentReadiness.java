package io.touchline.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Readiness of the service's Kafka consumers: DOWN until every incoming channel has joined its
 * group and been given its share of the partitions, so a new instance takes traffic (and a
 * rollout moves on) only once it is actually consuming. A channel whose group gave it no
 * partition, because the other members hold them all (a second ingest-service on the
 * one-partition {@code import-progress}), is a standby: ready, named in the check's data. The
 * check latches per channel: a later rebalance, which takes partitions away for a moment, does
 * not flap readiness.
 */
@Readiness
@ApplicationScoped
public class ConsumerAssignmentReadiness implements HealthCheck {

    static final String NAME = "Kafka consumers have partitions";
    private static final Duration ASK = Duration.ofSeconds(2);

    private final KafkaClientService clients;
    private final Set<String> assigned = ConcurrentHashMap.newKeySet();

    public ConsumerAssignmentReadiness(KafkaClientService clients) {
        this.clients = clients;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> waiting = new TreeSet<>();
        Set<String> standby = new TreeSet<>();
        for (String channel : clients.getConsumerChannels()) {
            if (!assigned.contains(channel)) {
                switch (state(channel)) {
                    case CONSUMING -> assigned.add(channel);
                    case STANDBY -> standby.add(channel);
                    case WAITING -> waiting.add(channel);
                }
            }
        }
        var response = HealthCheckResponse.named(NAME).status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waiting", String.join(",", waiting));
        }
        if (!standby.isEmpty()) {
            response.withData("standby", String.join(",", standby));
        }
        return response.build();
    }

    /** Where a channel's consumers are: given partitions, in the group with none, or not in it yet. */
    enum State {
        CONSUMING,
        STANDBY,
        WAITING
    }

    private State state(String channel) {
        boolean joined = false;
        for (KafkaConsumer<Object, Object> consumer : clients.<Object, Object> getConsumers(channel)) {
            try {
                Set<TopicPartition> partitions = consumer.getAssignments().await().atMost(ASK);
                if (!partitions.isEmpty()) {
                    return State.CONSUMING;
                }
                // A generation is given when a join completes, with or without partitions.
                joined |= consumer.consumerGroupMetadata().await().atMost(ASK).generationId() > 0;
            } catch (RuntimeException e) {
                // Not polling yet, or busy past the wait: ask again at the next probe.
            }
        }
        return joined ? State.STANDBY : State.WAITING;
    }
}
