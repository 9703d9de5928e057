package io.touchline.web;

import java.util.List;

/** Ends a request with a problem details response; thrown anywhere below a resource. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
            Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException invalid(String detail, Problem.FieldError... errors) {
        return new ProblemException(400, "Invalid request", detail, List.of(errors), null);
    }

    public static ProblemException invalidField(String field, String rule, String message) {
        return invalid(field + ": " + message, new Problem.FieldError(field, rule, message));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of(), null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of(), null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, List.of(), null);
    }

    /** The request conflicts with the resource's current state (a task already completed, an id taken). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(), null);
    }

    /** An {@code If-Match} names a version that is no longer current. */
    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "Precondition failed", detail, List.of(), null);
    }

    /** A change that must be conditional came without {@code If-Match}. */
    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(428, "Precondition required", detail, List.of(), null);
    }

    public static ProblemException tooLarge(String detail, Problem.FieldError error) {
        return new ProblemException(413, "Request too large", detail, List.of(error), null);
    }

    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(429, "Too many requests", detail, List.of(), retryAfterSeconds);
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "Service unavailable", detail, List.of(), retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return new Problem(ProblemTypes.of(status), title, status, getMessage(), errors);
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
