package io.touchline.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.touchline.messaging.config.TopicsConfig;

/**
 * Creates the missing topics of {@link Topics#catalogue()} at startup, so the local run needs no
 * separate provisioning step. In production topics are declared in deploy/ (Strimzi KafkaTopic)
 * and this is switched off with {@code touchline.kafka.create-topics=false}.
 */
@Singleton
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig config;

    void onStart(@Observes @Priority(1) StartupEvent event) throws Exception {
        if (!config.createTopics()) {
            return;
        }
        Map<String, Object> adminConfig = new java.util.HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (AdminClient admin = AdminClient.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = Topics.catalogue().stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), config.replicationFactor())
                            .configs(spec.config()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            // Another instance may create the same topics concurrently; TopicExistsException is fine.
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s", name);
                } catch (Exception e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + name, e);
                    }
                }
            });
        }
    }
}
