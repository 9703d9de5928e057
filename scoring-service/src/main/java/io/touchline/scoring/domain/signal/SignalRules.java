package io.touchline.scoring.domain.signal;

/**
 * A tenant's signal thresholds; the defaults are the primer's.
 *
 * @param dropPoints HEALTH_DROPPED: points lost against the window's high (15)
 * @param dropDays HEALTH_DROPPED: the window, in days including today (7)
 * @param inactiveDays INACTIVE: days without activity (14)
 * @param stallDays ONBOARDING_STALLED: days without a new setup step (14)
 * @param stallActiveDays ONBOARDING_STALLED: the account counts as using the product when active
 *        within this many days (7)
 * @param expansionSeatShare EXPANSION_CANDIDATE: active users over seats, at least (0.8)
 * @param renewalDays RENEWAL_APPROACHING: days before the renewal date (90)
 */
public record SignalRules(double dropPoints, int dropDays, int inactiveDays, int stallDays, int stallActiveDays,
        double expansionSeatShare, int renewalDays) {

    public static final SignalRules DEFAULT = new SignalRules(15, 7, 14, 14, 7, 0.8, 90);

    public SignalRules {
        // Written so that NaN fails: a NaN threshold would never fire its signal.
        if (!(dropPoints > 0 && dropPoints <= 100) || dropDays < 1 || inactiveDays < 1 || stallDays < 1
                || stallActiveDays < 1 || !(expansionSeatShare > 0 && expansionSeatShare <= 10) || renewalDays < 1) {
            throw new IllegalArgumentException("signal thresholds are positive (dropPoints up to 100,"
                    + " expansionSeatShare up to 10)");
        }
    }
}
