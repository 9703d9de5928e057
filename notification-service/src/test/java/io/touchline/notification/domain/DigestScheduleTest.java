package io.touchline.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestScheduleTest {

    @ParameterizedTest(name = "{1}:00 in {0}, now {2}: next {3}")
    @CsvSource(delimiter = '|', textBlock = """
            UTC           | 8 | 2026-12-05T07:59:00Z | 2026-12-05T08:00:00Z
            UTC           | 8 | 2026-12-05T08:00:00Z | 2026-12-06T08:00:00Z
            UTC           | 8 | 2026-12-05T13:00:00Z | 2026-12-06T08:00:00Z
            Europe/Berlin | 8 | 2026-12-05T06:00:00Z | 2026-12-05T07:00:00Z
            Europe/Berlin | 8 | 2026-03-28T08:00:00Z | 2026-03-29T06:00:00Z
            Asia/Tokyo    | 0 | 2026-12-05T16:00:00Z | 2026-12-06T15:00:00Z
            """)
    void theNextDigestIsAtTheDigestHourInTheTenantsZone(String zone, int hour, String now, String next) {
        assertThat(DigestSchedule.next(Instant.parse(now), ZoneId.of(zone), hour)).isEqualTo(Instant.parse(next));
    }
}
