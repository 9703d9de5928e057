package io.touchline.notification.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A tenant's quiet hours, in its time zone: from {@code start} until {@code end}, across
 * midnight when {@code start} is later than {@code end}. Equal times mean no quiet hours.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    /** When the quiet hours that hold {@code now} end; empty when {@code now} is not in them. */
    public Optional<Instant> heldUntil(Instant now, ZoneId zone) {
        if (start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate today = local.toLocalDate();
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end) ? Optional.of(at(today, end, zone)) : Optional.empty();
        }
        if (!time.isBefore(start)) {
            return Optional.of(at(today.plusDays(1), end, zone));
        }
        return time.isBefore(end) ? Optional.of(at(today, end, zone)) : Optional.empty();
    }

    private static Instant at(LocalDate date, LocalTime time, ZoneId zone) {
        // A time the clocks skip (spring forward) becomes the first instant after the gap.
        return ZonedDateTime.of(date, time, zone).toInstant();
    }
}
