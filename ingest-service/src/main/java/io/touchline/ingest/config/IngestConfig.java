package io.touchline.ingest.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code touchline.ingest.*}: ingest-service's limits and timeouts (Segment's limits by default). */
@ConfigMapping(prefix = "touchline.ingest")
public interface IngestConfig {

    /** The largest single event. */
    @WithDefault("32768")
    int maxEventBytes();

    /** The largest request body; larger ones get 413. */
    @WithDefault("512000")
    int maxRequestBytes();

    /** The most events in one batch; more get 413. */
    @WithDefault("2500")
    int maxBatchEvents();

    /** How far in the future a skew-corrected timestamp may lie. */
    @WithDefault("PT1H")
    Duration maxFuture();

    /** Events older than this when received are accepted and marked historical. */
    @WithDefault("P1D")
    Duration historicalAfter();

    /** How long rejected events stay queryable. */
    @WithDefault("P30D")
    Duration rejectionRetention();

    /**
     * Events accepted but not yet acknowledged by Kafka, across all requests; beyond it requests
     * get 429. Bounds memory when Kafka is slow.
     */
    @WithDefault("20000")
    int maxInflightEvents();

    /**
     * How long a request waits for Kafka's acknowledgement before it is answered 503; above the
     * producer's delivery.timeout.ms, so the producer gives up first.
     */
    @WithDefault("PT10S")
    Duration publishTimeout();

    /** What Retry-After says on 429 and 503. */
    @WithDefault("PT5S")
    Duration retryAfter();

    /** How often refused requests are written to the rejections, tallied (RefusalLog). */
    @WithDefault("5s")
    Duration refusalFlush();

    /** Browser keys: keys with allowed origins (docs/sending-events.md). */
    Browser browser();

    /** The limits on browser keys, which are public. */
    interface Browser {

        /** Events a second one client address may send with one key. */
        @WithDefault("50")
        double eventsPerSecondPerAddress();

        /** Events one client address may send at once, above the rate. */
        @WithDefault("500")
        int burstPerAddress();

        /** Events a second all clients together may send with one key. */
        @WithDefault("5000")
        double eventsPerSecondPerKey();

        @WithDefault("50000")
        int burstPerKey();

        /** The memory the rate limits' buckets may take (about 256 bytes per client address). */
        @WithDefault("8M")
        MemorySize rateLimitMemory();

        /** How long a browser may cache a preflight's answer (Chromium caps it at 2 hours). */
        @WithDefault("PT2H")
        Duration preflightMaxAge();

        /**
         * The URL browsers reach ingest at, for the settings documents the SDKs load (e.g.
         * {@code https://ingest.example.com}); without it, the scheme and host of the request.
         */
        java.util.Optional<String> publicUrl();
    }
}
