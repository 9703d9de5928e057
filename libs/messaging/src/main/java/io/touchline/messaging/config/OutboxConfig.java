package io.touchline.messaging.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.outbox.*}: the outbox relay. */
@ConfigMapping(prefix = "touchline.outbox")
public interface OutboxConfig {

    /** Whether the service relays an outbox at all; fixed at build time (the relay bean exists or not). */
    @WithDefault("false")
    boolean enabled();

    /** Rows claimed and sent per relay run. */
    @WithDefault("200")
    int batchSize();

    /** How often the relay looks for rows left by a crash or a broker outage. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How long a send may wait to be handed to the producer (the topic's metadata, buffer room)
     * before the run fails and the timer repeats it.
     */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /**
     * How the relay's producer compresses batches ({@code compression.type}): worth it for
     * scoring's thousands of scores a second, not for a few small messages at a time.
     */
    @WithDefault("lz4")
    String compression();

    /** How often, at most, the relay vacuums the outbox table while it deletes rows from it. */
    @WithDefault("PT5S")
    Duration vacuumEvery();

    /** How often the outbox's backlog and the age of its oldest row are measured for the metrics. */
    @WithDefault("PT5S")
    Duration metricsEvery();
}
