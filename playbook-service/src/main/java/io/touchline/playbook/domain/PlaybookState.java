package io.touchline.playbook.domain;

/** Whether a playbook acts. */
public enum PlaybookState {
    /** It creates tasks and requests messages. */
    ENABLED,
    /** It is not evaluated at all. */
    DISABLED,
    /** It records what it would have done, with reason {@code dry-run}, and does nothing. */
    DRY_RUN
}
