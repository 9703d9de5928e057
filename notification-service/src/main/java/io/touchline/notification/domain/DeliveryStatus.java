package io.touchline.notification.domain;

/** Where a delivery stands; the wire name is the constant's name. */
public enum DeliveryStatus {
    /** Waiting for its first or next attempt, for quiet hours to end, or for its digest. */
    PENDING,
    /** The channel accepted it. */
    SENT,
    /** It cannot be delivered: a permanent failure, retries used up, or an unknown outcome. */
    FAILED,
    /** A guard rail held it back for good; the reason says which. */
    SUPPRESSED
}
