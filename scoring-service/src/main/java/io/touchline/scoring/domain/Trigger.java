package io.touchline.scoring.domain;

/**
 * What made scoring look at an account.
 *
 * @param id the causing event's id, or a sweep's id ({@code sweep@<instant>}); episodes that one
 *        trigger opens are named after it
 * @param cause in words for the explanation: the event's name or call, or {@code time passed}
 * @param userId the user whose event it was, when one was
 */
public record Trigger(String id, String cause, String userId) {

    public static Trigger sweep(java.time.Instant at) {
        return new Trigger("sweep@" + at, "time passed", null);
    }
}
