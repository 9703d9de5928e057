package io.touchline.scoring.domain.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Where an account is in its life: onboarding for the first 60 days after contract start (or
 * first sight, without a contract start), renewal in the last 90 days before the renewal date,
 * adoption in between.
 */
public enum LifecycleStage {
    ONBOARDING,
    ADOPTION,
    RENEWAL;

    public static final int ONBOARDING_DAYS = 60;
    public static final int RENEWAL_DAYS = 90;

    public static LifecycleStage of(LocalDate today, LocalDate start, LocalDate renewal) {
        if (renewal != null) {
            long toRenewal = ChronoUnit.DAYS.between(today, renewal);
            if (toRenewal >= 0 && toRenewal <= RENEWAL_DAYS) {
                return RENEWAL;
            }
        }
        if (start != null && ChronoUnit.DAYS.between(start, today) < ONBOARDING_DAYS) {
            return ONBOARDING;
        }
        return ADOPTION;
    }

    // Computed once: scoring asks for it on every event.
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
