package io.touchline.playbook.domain;

/** Who a touch message is for. */
public enum Audience {
    /** The account's main contact, as group calls name it. */
    PRIMARY_CONTACT,
    /** The account's users active within 30 days, and the user whose event raised the signal. */
    ACTIVE_USERS,
    /** The account's CSM. */
    OWNER
}
