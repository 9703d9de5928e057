package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-24T10:00:00Z              | 1795514400 | 0
            2026-11-24T10:00:00.5Z            | 1795514400 | 500000000
            2026-11-24T10:00:00.123Z          | 1795514400 | 123000000
            2026-11-24T10:00:00.123456Z       | 1795514400 | 123456000
            2026-11-24T10:00:00.123456789Z    | 1795514400 | 123456789
            1970-01-01T00:00:00Z              | 0          | 0
            2024-02-29T23:59:59.999999999Z    | 1709251199 | 999999999
            2026-11-24T12:00:00+02:00         | 1795514400 | 0
            2026-11-24T23:59:60Z              | 1795564799 | 0
            2026-11-24T10:00:00.Z             | 1795514400 | 0
            """)
    void readsWhatInstantParseReads(String text, long epochSecond, int nanos) {
        assertThat(Instants.parse(text)).isEqualTo(Instant.ofEpochSecond(epochSecond, nanos))
                .isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "today", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-24T10:00:60Z",
            "2026-11-24T10:00:00.1234567890Z", "2026-11-24 10:00:00Z", "2026-11-24T1a:00:00Z", "2026-11-24T10:00:00" })
    void rejectsWhatInstantParseRejects(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Instants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1795514400  | 0         | 2026-11-24T10:00:00Z
            1795514400  | 500000000 | 2026-11-24T10:00:00.500Z
            1795514400  | 123000000 | 2026-11-24T10:00:00.123Z
            1795514400  | 123456000 | 2026-11-24T10:00:00.123456Z
            1795514400  | 123456789 | 2026-11-24T10:00:00.123456789Z
            1795514400  | 1000      | 2026-11-24T10:00:00.000001Z
            1795514400  | 1         | 2026-11-24T10:00:00.000000001Z
            0           | 0         | 1970-01-01T00:00:00Z
            -1          | 999999999 | 1969-12-31T23:59:59.999999999Z
            1709251199  | 999999999 | 2024-02-29T23:59:59.999999999Z
            -62167219200| 0         | 0000-01-01T00:00:00Z
            -62167219201| 0         | -0001-12-31T23:59:59Z
            253402300799| 0         | 9999-12-31T23:59:59Z
            253402300800| 0         | +10000-01-01T00:00:00Z
            """)
    void formatsAsInstantToStringDoes(long epochSecond, int nanos, String text) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        assertThat(Instants.format(instant)).isEqualTo(text).isEqualTo(instant.toString());
    }

    @ParameterizedTest(name = "{0}.{1} to {2}.{3}")
    @CsvSource(textBlock = """
            100,          0,         100,          0,         0
            100,          0,         101,          500,       1000000500
            100,          999999999, 101,          0,         1
            101,          0,         100,          999999999, -1
            0,            0,         -5,           0,         -5000000000
            0,            0,         9000000000,   0,         9000000000000000000
            0,            0,         9000000001,   0,         9223372036854775807
            9000000001,   0,         0,            0,         -9223372036854775808
            """)
    void measuresNanosAsDurationDoesWhereTheyFit(long fromSecond, int fromNano, long toSecond, int toNano, long nanos) {
        Instant from = Instant.ofEpochSecond(fromSecond, fromNano);
        Instant to = Instant.ofEpochSecond(toSecond, toNano);
        assertThat(Instants.nanosBetween(from, to)).isEqualTo(nanos);
        if (Math.abs(toSecond - fromSecond) <= 9_000_000_000L) {
            assertThat(nanos).isEqualTo(Duration.between(from, to).toNanos());
        }
    }
}
