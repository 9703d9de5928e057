package io.touchline.messaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;

class HttpServerPortTagTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            // meter name,          port tag before, port tag after
            "http.server.bytes.read,  none,  0",
            "http.server.requests,    none,  0",
            "http.server.bytes.read,  9081,  9081",
            "http.client.requests,    none,  none",
            "touchline.outbox.backlog, none, none" })
    void everyHttpServerMeterCarriesAPortTag(String name, String before, String after) {
        Tags tags = before == null ? Tags.of("uri", "/v1/track") : Tags.of("uri", "/v1/track", "server.port", before);
        Meter.Id id = new Meter.Id(name, tags, null, null, Meter.Type.COUNTER);

        Meter.Id mapped = new HttpServerPortTag().httpServerPortTag().map(id);

        assertThat(mapped.getTag("server.port")).isEqualTo(after);
        assertThat(mapped.getTag("uri")).isEqualTo("/v1/track");
    }
}
