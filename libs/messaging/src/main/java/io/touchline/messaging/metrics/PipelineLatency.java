package io.touchline.messaging.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.touchline.messaging.Instants;

/**
 * The end-to-end latency histogram, {@code touchline_pipeline_latency_seconds{hop}}: from the
 * event time of the usage event a message descends from (every envelope carries it) to the moment
 * a hop's effect is durable. The hops are {@link #SCORE} and {@link #SIGNAL} (scoring-service),
 * {@link #TASK} (playbook-service) and {@link #DELIVERY} (notification-service); the same name and
 * buckets everywhere, so one query gives the percentiles of every hop.
 */
@ApplicationScoped
public class PipelineLatency {

    public static final String SCORE = "score";
    public static final String SIGNAL = "signal";
    public static final String TASK = "task";
    public static final String DELIVERY = "delivery";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PipelineLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records that {@code hop}'s effect of an event that happened at {@code eventTime} was durable at {@code now}. */
    public void record(String hop, Instant eventTime, Instant now) {
        timer(hop).record(Math.max(0, Instants.nanosBetween(eventTime, now)), TimeUnit.NANOSECONDS);
    }

    /** The hop's timer, for callers that record many events at once. */
    public Timer timer(String hop) {
        return timers.computeIfAbsent(hop, h -> Timer.builder("touchline.pipeline.latency")
                .description("From a usage event's time to the moment a hop's effect of it was durable")
                .tag("hop", h)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }
}
