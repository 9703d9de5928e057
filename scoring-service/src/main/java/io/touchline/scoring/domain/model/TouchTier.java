package io.touchline.scoring.domain.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * How deeply CS serves an account. Chosen by its monthly revenue (the primer's defaults in the
 * tenant's currency: high-touch from 500,000, low-touch from 70,000, tech-touch below); an
 * importance flag or medium or high expansion potential raises it at least to low-touch; a
 * manual pin overrides all of it until removed.
 */
public enum TouchTier {
    HIGH_TOUCH,
    LOW_TOUCH,
    TECH_TOUCH;

    /** Why an account has its tier. */
    public enum Basis {
        /** Set by hand (a tier pin). */
        PIN,
        /** Its monthly revenue against the tenant's boundaries. */
        REVENUE,
        /** Raised to low-touch by an importance flag. */
        IMPORTANCE,
        /** Raised to low-touch by medium or high expansion potential. */
        EXPANSION,
        /** No revenue known and nothing raises it: no tier. */
        UNKNOWN;

        private final String wireName = name().toLowerCase(Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }

    /** A tier (null: none) and why. */
    public record Choice(TouchTier tier, Basis basis) {

        static final Choice UNKNOWN = new Choice(null, Basis.UNKNOWN);
    }

    /** Expansion potential that raises an account: room to grow worth a person's attention. */
    static final Set<String> RAISING_EXPANSION = Set.of("medium", "high");

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

        /**
         * The account's tier: the pin when there is one; else its revenue's, raised to low-touch
         * by an importance flag or by medium or high expansion potential.
         */
        public Choice choose(TouchTier pin, BigDecimal mrr, Set<String> importance, String expansionPotential) {
            if (pin != null) {
                return new Choice(pin, Basis.PIN);
            }
            TouchTier byRevenue = of(mrr);
            if (byRevenue == HIGH_TOUCH || byRevenue == LOW_TOUCH) {
                return new Choice(byRevenue, Basis.REVENUE);
            }
            if (importance != null && !importance.isEmpty()) {
                return new Choice(LOW_TOUCH, Basis.IMPORTANCE);
            }
            if (expansionPotential != null && RAISING_EXPANSION.contains(expansionPotential)) {
                return new Choice(LOW_TOUCH, Basis.EXPANSION);
            }
            return byRevenue == null ? Choice.UNKNOWN : new Choice(TECH_TOUCH, Basis.REVENUE);
        }
    }

    // Computed once: scoring asks for it on every event.
    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String wireName() {
        return wireName;
    }

    /** The tier of a wire name ({@code high-touch}); null when it names none. */
    public static TouchTier ofWireName(String wireName) {
        for (TouchTier tier : values()) {
            if (tier.wireName.equals(wireName)) {
                return tier;
            }
        }
        return null;
    }
}
