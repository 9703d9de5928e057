package io.touchline.web;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A body whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} gets a
 * 413 problem naming the limit, before any of it is read: the HTTP server's own refusal is a 413
 * without a body. The connection is closed, since the client may still be sending. (A chunked
 * body without a length is cut off by the server at the limit, with its bare 413.)
 */
@ApplicationScoped
public class OversizedBodies {

    private final long limit;
    private final byte[] problem;

    OversizedBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
            ObjectMapper mapper) throws JsonProcessingException {
        this.limit = limit.asLongValue();
        this.problem = mapper.writeValueAsBytes(new Problem(ProblemTypes.of(413), "Request too large", 413,
                "The body is larger than this service reads", List.of(new Problem.FieldError("body", "max-size",
                        "must be at most " + this.limit + " bytes"))));
    }

    void refuseOversizedBodies(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(problem));
                return;
            }
            context.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the server refuses a malformed length itself
        }
    }
}
