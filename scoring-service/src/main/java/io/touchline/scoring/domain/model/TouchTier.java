package io.touchline.scoring.domain.model;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How deeply CS serves an account, chosen by its monthly revenue (the primer's defaults in the
 * tenant's currency: high-touch from 500,000, low-touch from 70,000, tech-touch below).
 */
public enum TouchTier {
    HIGH_TOUCH,
    LOW_TOUCH,
    TECH_TOUCH;

    /** The tier boundaries of a tenant, in its currency per month. */
    public record Boundaries(BigDecimal highFrom, BigDecimal lowFrom) {

        public static final Boundaries DEFAULT = new Boundaries(new BigDecimal("500000"), new BigDecimal("70000"));

        public Boundaries {
            if (lowFrom.signum() < 0 || highFrom.compareTo(lowFrom) <= 0) {
                throw new IllegalArgumentException("tiers need 0 <= lowFrom < highFrom");
            }
        }

        /** The tier of a monthly revenue; null when the revenue is unknown. */
        public TouchTier of(BigDecimal mrr) {
            if (mrr == null) {
                return null;
            }
            return mrr.compareTo(highFrom) >= 0 ? HIGH_TOUCH : mrr.compareTo(lowFrom) >= 0 ? LOW_TOUCH : TECH_TOUCH;
        }
    }

    // Computed once: scoring asks for it on every event.
    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String wireName() {
        return wireName;
    }
}
