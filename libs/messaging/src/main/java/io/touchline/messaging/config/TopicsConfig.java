package io.touchline.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.kafka.*}: whether services create missing topics at startup, and how. */
@ConfigMapping(prefix = "touchline.kafka")
public interface TopicsConfig {

    /** True for the local run; false where topics are declared by the platform (Strimzi). */
    @WithDefault("true")
    boolean createTopics();

    @WithDefault("1")
    short replicationFactor();
}
