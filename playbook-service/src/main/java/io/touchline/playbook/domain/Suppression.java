package io.touchline.playbook.domain;

/** Why a playbook's action did not happen; every suppressed action is recorded with one. */
public enum Suppression {
    /** The account's stage is churned: playbooks take no action for churned accounts. */
    CHURNED,
    /** The playbook fired for the account less than its cooldown ago. */
    COOLDOWN,
    /** A "never" rule forbids the action for the account (by default: no CSM task for tech-touch). */
    NEVER_RULE,
    /** The playbook's task for the account is still open: one open task per account and playbook. */
    DUPLICATE,
    /** The playbook reached its cap of messages to the account within 7 days. */
    CAP,
    /** The audience is empty: no primary contact, no active user or no owner is known. */
    NO_RECIPIENT,
    /** The playbook is in dry-run: what it would have created is recorded, nothing is created. */
    DRY_RUN
}
