package io.touchline.scoring.domain.churn;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import io.touchline.scoring.domain.state.AccountState;

/**
 * How scoring treats churn risk apart from the model itself.
 *
 * @param observeEvery how often, in event time, each account's churn features are kept as an
 *        observation to train on
 * @param unknownDays an account with no usage yet has no churn verdict for this many days after it
 *        was first seen
 */
public record ChurnPolicy(Calendar observeEvery, int unknownDays) {

    public static final ChurnPolicy DEFAULT = new ChurnPolicy(Calendar.MONTHLY, 30);

    /** Observation moments: midnight UTC starting each month or each week (Monday). */
    public enum Calendar {
        MONTHLY,
        WEEKLY;

        /** The first observation moment strictly after {@code after}. */
        public Instant next(Instant after) {
            LocalDate day = AccountState.day(after);
            LocalDate next = this == MONTHLY ? day.with(TemporalAdjusters.firstDayOfNextMonth())
                    : day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            return next.atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        /** Whether {@code moment} is an observation moment. */
        public boolean isMoment(Instant moment) {
            if (moment.getEpochSecond() % 86_400 != 0 || moment.getNano() != 0) {
                return false;
            }
            LocalDate day = AccountState.day(moment);
            return this == MONTHLY ? day.getDayOfMonth() == 1 : day.getDayOfWeek() == DayOfWeek.MONDAY;
        }
    }
}
