package io.touchline.scoring.domain.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.touchline.messaging.contract.AccountTraits;

/**
 * Where an account is in its life: onboarding for the first 60 days after contract start (or
 * first sight, without a contract start), renewal in the last 90 days before the renewal date,
 * adoption in between; churned once a group call says {@code status: churned}, or once the
 * renewal date has passed without a later one arriving.
 */
public enum LifecycleStage {
    ONBOARDING,
    ADOPTION,
    RENEWAL,
    CHURNED;

    public static final int ONBOARDING_DAYS = 60;
    public static final int RENEWAL_DAYS = 90;

    public static LifecycleStage of(LocalDate today, LocalDate start, LocalDate renewal, String status) {
        if (AccountTraits.CHURNED.equals(status) || renewal != null && today.isAfter(renewal)) {
            return CHURNED;
        }
        if (renewal != null && ChronoUnit.DAYS.between(today, renewal) <= RENEWAL_DAYS) {
            return RENEWAL;
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
