package io.touchline.notification.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When the daily digest of new tasks goes out: at the tenant's digest hour, in its time zone. */
public final class DigestSchedule {

    private DigestSchedule() {
    }

    /** The first digest time after {@code now}. */
    public static Instant next(Instant now, ZoneId zone, int hour) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), LocalTime.of(hour, 0), zone);
        return today.toInstant().isAfter(now) ? today.toInstant()
                : ZonedDateTime.of(local.toLocalDate().plusDays(1), LocalTime.of(hour, 0), zone).toInstant();
    }
}
