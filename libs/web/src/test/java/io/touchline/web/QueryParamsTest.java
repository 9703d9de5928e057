package io.touchline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParamsTest {

    @ParameterizedTest(name = "limit={0} gives {1}")
    @CsvSource(nullValues = "null", textBlock = """
            null, 50
            1,    1
            500,  500
            ' 7', 7
            """)
    void wholeNumbersInRangeAreRead(String value, int expected) {
        assertThat(QueryParams.wholeNumber("limit", value, 50, 1, 500)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "limit={0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ten                  | type  | must be a whole number between 1 and 500
            ''                   | type  | must be a whole number between 1 and 500
            1.5                  | type  | must be a whole number between 1 and 500
            0                    | range | must be between 1 and 500
            501                  | range | must be between 1 and 500
            99999999999999999999 | type  | must be a whole number between 1 and 500
            9999999999           | range | must be between 1 and 500
            """)
    void otherValuesAreRefusedNamingTheParameterAndTheRule(String value, String rule, String message) {
        assertThatThrownBy(() -> QueryParams.wholeNumber("limit", value, 50, 1, 500))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.toProblem().errors()).containsExactly(new Problem.FieldError("limit", rule, message));
                });
    }

    @ParameterizedTest(name = "offset={0}")
    @CsvSource({ "-1, must be 0 or more", "x, must be a whole number 0 or more" })
    void anOpenRangeSaysSo(String value, String message) {
        assertThatThrownBy(() -> QueryParams.wholeNumber("offset", value, 0, 0, Integer.MAX_VALUE))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem().errors().get(0).message()).isEqualTo(message));
    }

    @ParameterizedTest(name = "trend={0}")
    @CsvSource(nullValues = "null", textBlock = """
            -5,   -5.0
            2.5,  2.5
            null, null
            """)
    void numbersAreRead(String value, Double expected) {
        assertThat(QueryParams.optionalNumber("trend7dBelow", value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "trend={0}: {1}")
    @CsvSource({ "abc, must be a number", "NaN, must be a finite number", "Infinity, must be a finite number",
            "1e999, must be a finite number" })
    void numbersThatAreNotAreRefused(String value, String message) {
        assertThatThrownBy(() -> QueryParams.optionalNumber("trend7dBelow", value))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .containsExactly(new Problem.FieldError("trend7dBelow", "type", message)));
    }

    @ParameterizedTest(name = "before={0}")
    @CsvSource(nullValues = "null", textBlock = """
            12,   12
            null, null
            """)
    void longsAreRead(String value, Long expected) {
        assertThat(QueryParams.optionalLong("before", value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "before={0}")
    @CsvSource({ "x", "1.0" })
    void longsThatAreNotAreRefused(String value) {
        assertThatThrownBy(() -> QueryParams.optionalLong("before", value))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem().errors())
                        .containsExactly(new Problem.FieldError("before", "type", "must be a whole number")));
    }
}
