package io.touchline.notification.domain;

/** Why a delivery was held back for good; the wire name is {@link #reason()}. */
public enum Suppression {
    /** The recipient opted out of the channel (or of every channel). */
    OPT_OUT("opt-out"),
    /** The recipient had the most tech-touch emails the tenant's cap allows in its window. */
    CAP("cap"),
    /** The tenant configured no endpoint for the channel. */
    NOT_CONFIGURED("not-configured"),
    /** The request names nobody to deliver to. */
    NO_RECIPIENT("no-recipient"),
    /**
     * A task's owner is a team queue (or a name), not an email address: the team reads its queue
     * in the task list. Not a failure, so nothing is dead-lettered for it.
     */
    OWNER_NOT_AN_ADDRESS("owner-not-an-address");

    private final String reason;

    Suppression(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
