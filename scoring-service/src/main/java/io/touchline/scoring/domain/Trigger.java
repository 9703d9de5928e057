package io.touchline.scoring.domain;

/**
 * What made scoring look at an account.
 *
 * @param id the causing event's id, or a sweep's id ({@code sweep@<instant>}); episodes that one
 *        trigger opens are named after it
 * @param cause in words for the explanation: the event's name or call, or {@code time passed}
 * @param userId the user whose event it was, when one was
 * @param traceParent the W3C trace context the messages it causes carry, when it is traced
 */
public record Trigger(String id, String cause, String userId, String traceParent) {

    public Trigger(String id, String cause, String userId) {
        this(id, cause, userId, null);
    }

    public static Trigger sweep(java.time.Instant at) {
        return new Trigger("sweep@" + at, "time passed", null);
    }
}
