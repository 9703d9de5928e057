package io.touchline.simulator.domain;

import java.util.Locale;

/** How a simulated account behaves, and so what Touchline should find in it. */
public enum Profile {
    /** Most users active most days, setup done in the first week. */
    HEALTHY,
    /** Use fades from a third of the way in, and the account churns near the end. */
    DECLINING_THEN_CHURNING,
    /** Normal use, then nothing at all from one day on, and a churn three weeks later. */
    SUDDENLY_INACTIVE_THEN_CHURNING,
    /** Two of five setup steps, then only a few dashboard views. */
    ONBOARDING_STALLS,
    /** Healthy, but the primary contact changes halfway. */
    CONTACT_CHANGES,
    /** Active users grow until every seat is in use. */
    GROWING_TOWARDS_EXPANSION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean churns() {
        return this == DECLINING_THEN_CHURNING || this == SUDDENLY_INACTIVE_THEN_CHURNING;
    }
}
