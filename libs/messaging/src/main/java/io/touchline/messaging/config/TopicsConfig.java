package io.touchline.messaging.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.kafka.*}: topic creation at startup, and the readiness check of the broker. */
@ConfigMapping(prefix = "touchline.kafka")
public interface TopicsConfig {

    /** True for the local run; false where topics are declared by the platform (Strimzi). */
    @WithDefault("true")
    boolean createTopics();

    @WithDefault("1")
    short replicationFactor();

    /** How long readiness waits for the broker to describe itself before it reports DOWN. */
    @WithDefault("PT2S")
    Duration healthTimeout();
}
