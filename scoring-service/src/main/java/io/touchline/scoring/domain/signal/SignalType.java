package io.touchline.scoring.domain.signal;

/** The signals scoring publishes on {@code health-signals}. */
public enum SignalType {
    /** The first event of an account. */
    ACCOUNT_FIRST_SEEN,
    /** The (effective) band changed; each change is its own signal. */
    HEALTH_BAND_CHANGED,
    /** The score fell by the drop threshold below its high of the drop window. */
    HEALTH_DROPPED,
    /** Churn risk reached the high level. */
    CHURN_RISK_HIGH,
    /** No activity for the inactivity threshold; fired by the sweep, since silence sends no events. */
    INACTIVE,
    /** Active, but setup has not progressed for the stall threshold and no ticket asked for help. */
    ONBOARDING_STALLED,
    /** The primary contact changed. */
    CONTACT_CHANGED,
    /** Green and using most of its seats. */
    EXPANSION_CANDIDATE,
    /** Renewal within the renewal window and health not green. */
    RENEWAL_APPROACHING
}
