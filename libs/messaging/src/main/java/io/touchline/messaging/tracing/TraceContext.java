package io.touchline.messaging.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * W3C trace context ({@code traceparent}) across the pipeline's hops. Batch consumers and the
 * outbox relay do not go through the connector's per-message tracing, so each hop carries the
 * context itself: from the record's header, through the outbox row or delivery that the record
 * caused, to the header of the next record or webhook. Each hop is a span, child of the context
 * it received, so one trace shows an event from its ingest request to its delivery.
 * <p>
 * With the OpenTelemetry SDK disabled (the default) no span is valid: {@link #current()} is null,
 * no header is written, and a context that arrives anyway is passed on unchanged.
 */
@ApplicationScoped
public class TraceContext {

    /** The W3C header, on Kafka records and webhook requests alike. */
    public static final String HEADER = "traceparent";

    private final Tracer tracer;

    public TraceContext(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.touchline");
    }

    /** The traceparent of the current span (an HTTP request's, say), or null when none is recording. */
    public static String current() {
        return format(Span.current().getSpanContext());
    }

    /** The {@code traceparent} header of a record, or null. */
    public static String header(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sets the {@code traceparent} header when there is a context to pass on. */
    public static void put(Headers headers, String traceParent) {
        if (traceParent != null) {
            headers.remove(HEADER);
            headers.add(HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Records one hop, {@code name}, as a span from {@code start} to now, child of
     * {@code traceParent}; returns the context to pass on: the new span's, or {@code traceParent}
     * itself when this service does not trace. Null in, null out.
     */
    public String hop(String name, String traceParent, Instant start) {
        SpanContext parent = parse(traceParent);
        if (parent == null) {
            return null;
        }
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER)
                .setParent(Context.root().with(Span.wrap(parent))).setStartTimestamp(start).startSpan();
        span.end();
        String next = format(span.getSpanContext());
        return next == null ? traceParent : next;
    }

    /** The span context of a {@code version-traceid-spanid-flags} header, or null when it is not one. */
    static SpanContext parse(String traceParent) {
        if (traceParent == null || traceParent.length() != 55 || traceParent.charAt(2) != '-'
                || traceParent.charAt(35) != '-' || traceParent.charAt(52) != '-') {
            return null;
        }
        SpanContext context = SpanContext.createFromRemoteParent(traceParent.substring(3, 35),
                traceParent.substring(36, 52), TraceFlags.fromHex(traceParent, 53), TraceState.getDefault());
        return context.isValid() ? context : null;
    }

    static String format(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
