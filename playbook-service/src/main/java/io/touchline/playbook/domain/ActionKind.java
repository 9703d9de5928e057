package io.touchline.playbook.domain;

/** What an action creates. */
public enum ActionKind {
    /** A CSM task. */
    TASK,
    /** A touch message request. */
    MESSAGE
}
