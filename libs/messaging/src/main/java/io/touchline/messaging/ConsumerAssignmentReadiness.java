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
 * group and been given partitions, so a new instance takes traffic (and a rollout moves on) only
 * once it is actually consuming. The check latches per channel: a later rebalance, which takes
 * partitions away for a moment, does not flap readiness. A service without consumers (ingest) is
 * always UP here.
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
        for (String channel : clients.getConsumerChannels()) {
            if (!assigned.contains(channel)) {
                if (hasPartitions(channel)) {
                    assigned.add(channel);
                } else {
                    waiting.add(channel);
                }
            }
        }
        var response = HealthCheckResponse.named(NAME).status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waiting", String.join(",", waiting));
        }
        return response.build();
    }

    private boolean hasPartitions(String channel) {
        for (KafkaConsumer<Object, Object> consumer : clients.<Object, Object> getConsumers(channel)) {
            try {
                Set<TopicPartition> partitions = consumer.getAssignments().await().atMost(ASK);
                if (!partitions.isEmpty()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // Not polling yet, or busy past the wait: ask again at the next probe.
            }
        }
        return false;
    }
}
