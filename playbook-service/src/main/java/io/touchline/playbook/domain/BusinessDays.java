package io.touchline.playbook.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Due dates in business days: Monday to Friday in the tenant's time zone (holidays are not known). */
public final class BusinessDays {

    private BusinessDays() {
    }

    /**
     * The business day {@code days} business days after the day of {@code at} in {@code zone}: a
     * weekend day counts from the Monday after it, so 0 is that day itself, or the next Monday.
     */
    public static LocalDate due(Instant at, ZoneId zone, int days) {
        LocalDate day = nextBusinessDay(LocalDate.ofInstant(at, zone));
        for (int i = 0; i < days; i++) {
            day = nextBusinessDay(day.plusDays(1));
        }
        return day;
    }

    /** The instant a day ends in the zone: when a task due that day becomes overdue. */
    public static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static LocalDate nextBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday == DayOfWeek.SATURDAY ? day.plusDays(2) : weekday == DayOfWeek.SUNDAY ? day.plusDays(1) : day;
    }
}
