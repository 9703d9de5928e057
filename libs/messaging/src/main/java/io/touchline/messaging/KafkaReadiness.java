package io.touchline.messaging;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.common.annotation.Identifier;
import io.touchline.messaging.config.TopicsConfig;

/**
 * Readiness of the Kafka connection with a short, bounded wait (touchline.kafka.health-timeout),
 * so a probe answers DOWN within seconds while the broker is away instead of hanging for the
 * admin client's default minute.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    static final String NAME = "Kafka connection health check";

    private final TopicsConfig config;
    private final AdminClient admin;

    @Inject
    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, TopicsConfig config) {
        this.config = config;
        this.admin = AdminClient.create(adminConfig(kafkaConfig, config.healthTimeout()));
    }

    /** The service's whole Kafka client configuration (security settings included), with short timeouts. */
    public static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig, java.time.Duration timeout) {
        Map<String, Object> adminConfig = new java.util.HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return adminConfig;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) config.healthTimeout().toMillis()))
                    .nodes().get(config.healthTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up()
                    .withData("nodes", String.join(",", nodes.stream().map(Node::toString).toList())).build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("error", e.toString()).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
