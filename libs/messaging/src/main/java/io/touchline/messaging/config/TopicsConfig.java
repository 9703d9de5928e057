package io.touchline.messaging.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code touchline.kafka.*}: topic creation at startup, the readiness check of the broker, and how
 * often consumer lag and dead letters are read for the metrics.
 */
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

    /** How often the group's committed offsets and the topics' end offsets are read for the lag metrics. */
    @WithDefault("PT10S")
    Duration offsetsEvery();
}
