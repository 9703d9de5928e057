package io.touchline.messaging;

import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
            Topics.createMissing(admin, config.replicationFactor()).forEach(name -> LOG.infof("Created topic %s", name));
        }
    }
}
