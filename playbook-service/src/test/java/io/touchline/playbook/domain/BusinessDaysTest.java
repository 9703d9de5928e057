package io.touchline.playbook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessDaysTest {

    @ParameterizedTest(name = "{0} in {1}, {2} business days -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # signal at (UTC),        zone,                days, due (2026-12-04 is a Friday)
            2026-11-30T10:00:00Z    | UTC                 | 0    | 2026-11-30
            2026-11-30T10:00:00Z    | UTC                 | 1    | 2026-12-01
            2026-11-30T10:00:00Z    | UTC                 | 4    | 2026-12-04
            2026-11-30T10:00:00Z    | UTC                 | 5    | 2026-12-07
            2026-11-30T10:00:00Z    | UTC                 | 10   | 2026-12-14
            2026-12-04T10:00:00Z    | UTC                 | 0    | 2026-12-04
            2026-12-04T10:00:00Z    | UTC                 | 1    | 2026-12-07
            2026-12-04T10:00:00Z    | UTC                 | 2    | 2026-12-08
            2026-12-05T10:00:00Z    | UTC                 | 0    | 2026-12-07
            2026-12-05T10:00:00Z    | UTC                 | 1    | 2026-12-08
            2026-12-06T23:59:59Z    | UTC                 | 2    | 2026-12-09
            2026-12-04T16:00:00Z    | UTC                 | 1    | 2026-12-07
            2026-12-04T16:00:00Z    | Asia/Tokyo          | 1    | 2026-12-08
            2026-12-05T03:00:00Z    | UTC                 | 1    | 2026-12-08
            2026-12-05T03:00:00Z    | America/Los_Angeles | 1    | 2026-12-07
            2026-12-06T20:00:00Z    | Asia/Tokyo          | 0    | 2026-12-07
            2026-12-06T20:00:00Z    | UTC                 | 0    | 2026-12-07
            2026-12-06T20:00:00Z    | Asia/Tokyo          | 1    | 2026-12-08
            """)
    void dueDatesSkipWeekendsInTheTenantsTimeZone(Instant at, ZoneId zone, int days, LocalDate due) {
        assertThat(BusinessDays.due(at, zone, days)).isEqualTo(due);
    }

    @ParameterizedTest(name = "{0} ends in {1} at {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-07 | UTC                 | 2026-12-08T00:00:00Z
            2026-12-07 | Asia/Tokyo          | 2026-12-07T15:00:00Z
            2026-12-07 | America/Los_Angeles | 2026-12-08T08:00:00Z
            2027-03-13 | America/Los_Angeles | 2027-03-14T08:00:00Z
            2027-03-14 | America/Los_Angeles | 2027-03-15T07:00:00Z
            """)
    void aDayEndsAtTheNextMidnightOfTheZoneAcrossDaylightSavingChanges(LocalDate day, ZoneId zone, Instant end) {
        assertThat(BusinessDays.endOf(day, zone)).isEqualTo(end);
    }
}
