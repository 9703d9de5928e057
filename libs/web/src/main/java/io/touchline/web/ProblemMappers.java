package io.touchline.web;

import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every failure into {@code application/problem+json}: our own problems as they are,
 * framework errors (404, 405, 415, unreadable JSON) with their status, and anything else as a
 * 500 whose detail names an incident id in the log rather than leaking internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        // Quarkus hands some of these over wrapped (see webApplication): sorted here either way.
        if (e instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        if (e instanceof ValueInstantiationException invalid) {
            return invalidValue(invalid);
        }
        return problem(ProblemException.invalid("Request body is not valid JSON: " + e.getOriginalMessage()));
    }

    /**
     * A JSON value of the wrong type, such as text where a number or an instant belongs. Named
     * here because Quarkus maps this exception itself, to a 400 without a problem body.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return problem(ProblemException.invalid("Request body has a field it cannot have",
                    new Problem.FieldError(path(e), "unknown",
                            "is not a field here; known: " + new TreeSet<>(
                                    unknown.getKnownPropertyIds().stream().map(String::valueOf).toList()))));
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return problem(ProblemException.invalid("Request body does not fit: " + e.getOriginalMessage(),
                new Problem.FieldError(path(e), "type", "must be " + expected)));
    }

    /** A value its type refused to be built from, such as an object missing a field. */
    @ServerExceptionMapper
    public Response invalidValue(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        String message = cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage()
                : "is missing a field or has one out of range";
        return problem(ProblemException.invalid("Request body does not fit",
                new Problem.FieldError(path(e), "invalid", message)));
    }

    /** The JSON path of the failure: {@code bands.redBelow}, {@code curve[1]}, or "body" for the whole. */
    private static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return type.isEnum() ? "one of its names" : "an object";
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(ProblemTypes.of(status), title, status, e.getMessage(), java.util.List.of()))
                .build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem(ProblemTypes.of(500), "Internal error", 500,
                        "Unexpected failure; quote incident " + incident + " to the operators.", java.util.List.of()))
                .build();
    }
}
