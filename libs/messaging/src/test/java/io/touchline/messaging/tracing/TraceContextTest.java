package io.touchline.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

class TraceContextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            // header,                                                    parsed back
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,   00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00,   00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01,   none",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01,   none",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7,      none",
            "not a trace context,                                       none",
            "none,                                                      none" })
    void parsesOnlyValidW3cTraceParents(String header, String parsed) {
        assertThat(TraceContext.format(nullSafe(TraceContext.parse(header)))).isEqualTo(parsed);
    }

    @Test
    void aTracedHopIsAChildSpanOfTheSameTrace() {
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build())
                .build()) {
            String next = new TraceContext(sdk).hop("score usage-events", PARENT, Instant.now());

            assertThat(next).startsWith("00-" + TRACE + "-").endsWith("-01").hasSize(55);
            assertThat(next).isNotEqualTo(PARENT);
        }
    }

    @Test
    void withTracingOffAContextThatArrivesIsPassedOnAndNoneIsMadeUp() {
        TraceContext off = new TraceContext(OpenTelemetry.noop());

        assertThat(off.hop("score usage-events", PARENT, Instant.now())).isEqualTo(PARENT);
        assertThat(off.hop("score usage-events", null, Instant.now())).isNull();
        assertThat(TraceContext.current()).isNull();
    }

    @Test
    void theHeaderIsSetOnceAndOnlyWhenThereIsAContext() {
        RecordHeaders headers = new RecordHeaders();
        TraceContext.put(headers, null);
        assertThat(TraceContext.header(headers)).isNull();

        TraceContext.put(headers, "00-" + TRACE + "-1111111111111111-01");
        TraceContext.put(headers, PARENT);
        assertThat(headers.headers(TraceContext.HEADER)).hasSize(1);
        assertThat(TraceContext.header(headers)).isEqualTo(PARENT);
    }

    private static SpanContext nullSafe(SpanContext context) {
        return context == null ? SpanContext.getInvalid() : context;
    }
}
