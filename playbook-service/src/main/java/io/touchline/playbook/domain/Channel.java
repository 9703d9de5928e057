package io.touchline.playbook.domain;

/** How a touch message reaches its recipient; notification-service delivers it. */
public enum Channel {
    EMAIL,
    IN_APP,
    WEBHOOK
}
