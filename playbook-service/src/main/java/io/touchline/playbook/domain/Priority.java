package io.touchline.playbook.domain;

/** How urgent a CSM task is. */
public enum Priority {
    HIGH,
    NORMAL,
    LOW
}
