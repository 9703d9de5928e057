package io.touchline.scoring.domain.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.touchline.scoring.domain.model.Health;
import io.touchline.scoring.domain.model.Measure;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.domain.state.EventVocabulary;

/**
 * The churn model's features, computed from an account's state at a moment in event time. The
 * same code serves training (observations taken at month starts, {@link ObservationCalendar}) and
 * live scoring, so a model sees in production exactly what it was fitted on. Counts are taken as
 * {@code log(1 + n)}: a drop from 20 to 10 events means more than one from 520 to 510.
 * docs/scoring-model.md lists them.
 */
public final class ChurnFeatures {

    public static final String EVENTS_28D = "events 28d (log)";
    public static final String EVENTS_PERCENTILE = "events 28d percentile";
    public static final String TREND_28D = "events 28d vs 28d before (log ratio)";
    public static final String TREND_7D = "events 7d vs 28d before (log ratio)";
    public static final String ACTIVE_DAYS = "active days 28d";
    public static final String ACTIVE_USERS = "active users 30d (log)";
    public static final String SEAT_ACTIVATION = "active users per seat";
    public static final String DAYS_SINCE_ACTIVITY = "days since activity (log)";
    public static final String TENURE = "tenure days (log)";
    public static final String HEALTH = "health score";
    public static final String RENEWAL_PROXIMITY = "renewal proximity";

    /** Days to renewal from which the renewal starts adding risk. */
    public static final double RENEWAL_HORIZON_DAYS = 180;

    private static final String MEASURE_PREFIX = "measure ";
    private static final Map<String, Measure> MEASURES = new HashMap<>();
    private static final Map<Measure, String> MEASURE_NAMES = new HashMap<>();

    static {
        for (Measure measure : Measure.values()) {
            MEASURES.put(MEASURE_PREFIX + measure.name(), measure);
            MEASURE_NAMES.put(measure, MEASURE_PREFIX + measure.name());
        }
    }

    private ChurnFeatures() {
    }

    /** The feature of one measure's value (0-100). */
    public static String measure(Measure measure) {
        return MEASURE_NAMES.get(measure);
    }

    /** The measure a feature name stands for, else null. */
    public static Measure measureOf(String feature) {
        return MEASURES.get(feature);
    }

    /** The feature counting one key feature or negative event over 28 days. */
    public static String counted(String event) {
        return "events 28d: " + event + " (log)";
    }

    /**
     * What the priors read: each measure of the scorecard, in its order, with its value (null
     * without data), and the renewal proximity (absent when the renewal date is unknown).
     */
    public static Map<String, Double> measuresAndRenewal(Health health, Long daysToRenewal) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (Health.MeasureResult measure : health.measures()) {
            features.put(measure(measure.measure()), measure.value());
        }
        if (daysToRenewal != null) {
            features.put(RENEWAL_PROXIMITY, Math.max(0, 1 - daysToRenewal / RENEWAL_HORIZON_DAYS));
        }
        return features;
    }

    /**
     * Every feature of the account as of {@code asOf}; one without data is absent or null. The
     * percentile is left to the model, which holds the tenant's distribution
     * ({@link LearnedChurnModel#withPercentile}).
     */
    public static Map<String, Double> of(AccountState state, EventVocabulary vocabulary, Health health, Instant asOf) {
        Map<String, Double> features = measuresAndRenewal(health, state.daysToRenewal(asOf));
        features.put(HEALTH, health.score());
        int last28 = state.eventsBetween(asOf, 27, 0);
        int last7 = state.eventsBetween(asOf, 6, 0);
        features.put(EVENTS_28D, Math.log1p(last28));
        features.put(TREND_28D, Math.log((last28 + 1.0) / (state.eventsBetween(asOf, 55, 28) + 1.0)));
        features.put(TREND_7D, Math.log((4.0 * last7 + 1) / (state.eventsBetween(asOf, 34, 7) + 1.0)));
        features.put(ACTIVE_DAYS, (double) state.activeDays(asOf, 28));
        int users = state.activeUsers(30, asOf);
        features.put(ACTIVE_USERS, Math.log1p(users));
        if (state.seats != null && state.seats > 0) {
            features.put(SEAT_ACTIVATION, Math.min(2.0, users / (double) state.seats));
        }
        Instant active = state.lastActivity != null ? state.lastActivity : state.firstSeen;
        if (active != null) {
            features.put(DAYS_SINCE_ACTIVITY, Math.log1p(Math.max(0, AccountState.minutesBetween(active, asOf) / 1440.0)));
        }
        LocalDate start = state.contractStart != null ? state.contractStart
                : state.firstSeen != null ? AccountState.day(state.firstSeen) : null;
        if (start != null) {
            features.put(TENURE, Math.log1p(Math.max(0, ChronoUnit.DAYS.between(start, AccountState.day(asOf)))));
        }
        for (String event : vocabulary.counted()) {
            features.put(counted(event), Math.log1p(state.counted(event, asOf, 28)));
        }
        return features;
    }
}
