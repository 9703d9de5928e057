package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
