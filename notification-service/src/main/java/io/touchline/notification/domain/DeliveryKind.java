package io.touchline.notification.domain;

/** What a delivery carries. */
public enum DeliveryKind {
    /** A touch message of a playbook, to a customer's user or contact. */
    MESSAGE("message"),
    /** A new task, told to its owner at once (high priority). */
    TASK("task"),
    /** A new task waiting for its owner's daily digest. */
    DIGEST_ITEM("digest-item"),
    /** A daily digest of new tasks for one owner. */
    DIGEST("digest");

    private final String wire;

    DeliveryKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
