package io.touchline.messaging.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives every {@code http.server.*} meter a {@code server.port} tag. Quarkus tags the HTTP server
 * meters with the configured port only when it is above zero, so a service with a random public
 * port (tests) and a fixed management port would register one meter name with two tag sets, which
 * the Prometheus registry rejects by throwing in the Vert.x acceptor, leaving the server unbound.
 */
@Singleton
public class HttpServerPortTag {

    static final String PREFIX = "http.server";
    static final String PORT = "server.port";
    static final String UNSET = "0";

    @Produces
    @Singleton
    public MeterFilter httpServerPortTag() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith(PREFIX) && id.getTag(PORT) == null) {
                    return id.withTag(Tag.of(PORT, UNSET));
                }
                return id;
            }
        };
    }
}
