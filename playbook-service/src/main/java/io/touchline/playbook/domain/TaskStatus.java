package io.touchline.playbook.domain;

/** Where a CSM task is in its life. */
public enum TaskStatus {
    OPEN,
    ACKNOWLEDGED,
    SNOOZED,
    COMPLETED,
    DISMISSED;

    /** Completed or dismissed: nothing more happens to it, and its playbook may create the next one. */
    public boolean closed() {
        return this == COMPLETED || this == DISMISSED;
    }
}
