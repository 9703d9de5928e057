package io.touchline.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.ingest.*}: ingest-service's settings. */
@ConfigMapping(prefix = "touchline.ingest")
public interface IngestConfig {

    /**
     * How long a request waits for Kafka's acknowledgement before it is answered 503; above the
     * producer's delivery.timeout.ms, so the producer gives up first.
     */
    @WithDefault("PT10S")
    Duration publishTimeout();
}
