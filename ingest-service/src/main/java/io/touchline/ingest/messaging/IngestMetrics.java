package io.touchline.ingest.messaging;

import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** The ingest metrics of docs/operations.md, by tenant and source. */
final class IngestMetrics {

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String source, List<IngestPipeline.IncomingEvent> events) {
        DistributionSummary.builder("touchline.ingest.request.events")
                .description("Events per request (a batch, or 1)").tags("source", source)
                .publishPercentileHistogram().register(registry).record(events.size());
        DistributionSummary.builder("touchline.ingest.request.bytes")
                .description("Bytes of events per request").baseUnit("bytes").tags("source", source)
                .publishPercentileHistogram().register(registry)
                .record(events.stream().mapToInt(IngestPipeline.IncomingEvent::sizeBytes).sum());
    }

    void judged(String tenantId, String source, int accepted, List<IngestPipeline.Rejected> rejected) {
        if (accepted > 0) {
            registry.counter("touchline.ingest.events", "tenant", tenantId, "source", source, "outcome", "accepted",
                    "reason", "none").increment(accepted);
        }
        for (IngestPipeline.Rejected r : rejected) {
            var first = r.reasons().get(0);
            registry.counter("touchline.ingest.events", "tenant", tenantId, "source", source, "outcome", "rejected",
                    "reason", (first.field().isEmpty() ? "event" : first.field()) + ":" + first.rule()).increment();
        }
    }

    void overloaded(String tenantId, String source, int events) {
        registry.counter("touchline.ingest.overloaded", "tenant", tenantId, "source", source).increment(events);
    }
}
