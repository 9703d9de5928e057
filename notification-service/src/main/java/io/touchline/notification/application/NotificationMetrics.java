package io.touchline.notification.application;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.touchline.messaging.metrics.PipelineLatency;
import io.touchline.notification.domain.DeliveryKind;
import io.touchline.notification.domain.DeliveryStatus;
import io.touchline.notification.store.Delivery;

/**
 * notification-service's metrics: deliveries by channel and outcome, retries, suppressions by
 * reason, request → sent latency, the retry backlog, and the pipeline's delivery hop (from the
 * usage event's time, which the request's envelope carries, to the channel's acceptance).
 */
@ApplicationScoped
public class NotificationMetrics {

    private static final Logger LOG = Logger.getLogger(NotificationMetrics.class);

    private final MeterRegistry registry;
    private final PipelineLatency pipeline;
    private final ObjectMapper json;
    private final AtomicLong retryBacklog = new AtomicLong();

    public NotificationMetrics(MeterRegistry registry, PipelineLatency pipeline, ObjectMapper json) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.json = json;
        registry.gauge("touchline.notification.retry.backlog", retryBacklog);
    }

    /** A delivery reached SENT, FAILED or SUPPRESSED. */
    void settled(Delivery delivery, DeliveryStatus status, String reason) {
        if (delivery.kind() == DeliveryKind.DIGEST_ITEM) {
            return;
        }
        Counter.builder("touchline.notification.deliveries").description("Deliveries settled, by channel and outcome")
                .tag("channel", delivery.channel()).tag("kind", delivery.kind().wire())
                .tag("outcome", status.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
        if (status == DeliveryStatus.SUPPRESSED) {
            Counter.builder("touchline.notification.suppressions").description("Deliveries a guard rail held back, by reason")
                    .tag("reason", reason).register(registry).increment();
        }
        if (status == DeliveryStatus.SENT && delivery.requestedAt() != null) {
            Timer.builder("touchline.notification.request.to.sent")
                    .description("From the request's publication to the channel's acceptance")
                    .tag("channel", delivery.channel()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                    .register(registry).record(Duration.between(delivery.requestedAt(), Instant.now()));
        }
        if (status == DeliveryStatus.SENT && delivery.kind() != DeliveryKind.DIGEST) {
            eventTime(delivery).ifPresent(at -> pipeline.record(PipelineLatency.DELIVERY, at, Instant.now()));
        }
    }

    /** The event time of the request's envelope, which the delivery keeps as it came. */
    private Optional<Instant> eventTime(Delivery delivery) {
        try {
            JsonNode at = json.readTree(delivery.request()).get("eventTime");
            return at == null || !at.isTextual() ? Optional.empty() : Optional.of(Instant.parse(at.asText()));
        } catch (IOException | DateTimeParseException e) {
            LOG.debugf("Delivery %s has no readable eventTime: %s", delivery.id(), e.toString());
            return Optional.empty();
        }
    }

    /** An attempt failed transiently and another is scheduled. */
    void retried(Delivery delivery) {
        Counter.builder("touchline.notification.retries").description("Attempts that failed transiently and are retried")
                .tag("channel", delivery.channel()).register(registry).increment();
    }

    void retryBacklog(long count) {
        retryBacklog.set(count);
    }
}
