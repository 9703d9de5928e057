package io.touchline.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {

    @ParameterizedTest(name = "{0}-{1} in {2} at {3}: held until {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            21:00 | 08:00 | UTC              | 2026-12-04T20:59:59Z | -
            21:00 | 08:00 | UTC              | 2026-12-04T21:00:00Z | 2026-12-05T08:00:00Z
            21:00 | 08:00 | UTC              | 2026-12-04T23:30:00Z | 2026-12-05T08:00:00Z
            21:00 | 08:00 | UTC              | 2026-12-05T03:00:00Z | 2026-12-05T08:00:00Z
            21:00 | 08:00 | UTC              | 2026-12-05T08:00:00Z | -
            21:00 | 08:00 | Europe/Berlin    | 2026-12-04T20:30:00Z | 2026-12-05T07:00:00Z
            21:00 | 08:00 | America/New_York | 2026-12-05T03:00:00Z | 2026-12-05T13:00:00Z
            12:00 | 14:00 | Asia/Tokyo       | 2026-12-05T03:30:00Z | 2026-12-05T05:00:00Z
            12:00 | 14:00 | Asia/Tokyo       | 2026-12-05T05:00:00Z | -
            09:00 | 09:00 | UTC              | 2026-12-05T09:00:00Z | -
            22:00 | 02:30 | Europe/Berlin    | 2026-03-28T22:00:00Z | 2026-03-29T01:30:00Z
            00:00 | 02:30 | America/New_York | 2026-03-08T05:30:00Z | 2026-03-08T07:30:00Z
            """)
    void heldUntilTheQuietHoursEndInTheTenantsZone(String start, String end, String zone, String now, String until) {
        QuietHours quiet = new QuietHours(LocalTime.parse(start), LocalTime.parse(end));

        assertThat(quiet.heldUntil(Instant.parse(now), ZoneId.of(zone)))
                .isEqualTo(java.util.Optional.ofNullable(until).map(Instant::parse));
    }
}
