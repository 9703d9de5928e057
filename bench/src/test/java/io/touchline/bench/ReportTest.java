package io.touchline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            82359.4 | 82,359
            100     | 100
            12      | 12
            12.34   | 12.3
            1.234   | 1.23
            0.3712  | 0.371
            0.018   | 0.018
            """)
    void numbersAreGroupedOrRoundedToThreeDigits(double value, String text) {
        assertThat(Report.number(value)).isEqualTo(text);
    }

    @Test
    void theSectionReplacesWhatIsBetweenTheMarkersAndKeepsTheRest() {
        String text = "# Benchmarks\n\nIntro.\n\n" + Report.BEGIN + "\nold summary\n" + Report.END
                + "\n\n## Ingest\n\nDetail.\n";

        String spliced = Report.splice(text, "new summary\n");

        assertThat(spliced).isEqualTo(
                "# Benchmarks\n\nIntro.\n\n" + Report.BEGIN + "\nnew summary\n" + Report.END + "\n\n## Ingest\n\nDetail.\n");
    }

    @Test
    void withoutMarkersTheSectionGoesAfterTheTitle() {
        String spliced = Report.splice("# Benchmarks\n\n## Ingest\n", "summary\n");

        assertThat(spliced).isEqualTo("# Benchmarks\n\n" + Report.BEGIN + "\nsummary\n" + Report.END + "\n\n## Ingest\n");
    }

    @Test
    void theTargetsTableSaysWhichAreMetWhichAreNotAndWhichWereNotMeasured() {
        Results medians = Results
                .of(Map.of("ingest.batch_ratio", 0.37, "scoring.warm_ratio", 0.018, "e2e.p50.score.p99_ms", 90.0));

        String section = Report.section(medians, 3, Map.of(), List.of(25, 50, 75), "benchmarks", "run-3");

        assertThat(section)
                .contains("| ingest: batched HTTP events/s ÷ ProducerPerformance | >= 0.250 | 0.370 | **met** |")
                .contains("| scoring: drain events/s ÷ ConsumerPerformance | >= 0.100 | 0.018 | **not met** |")
                .contains("| end to end at 50%: p99 from event to score published | <= 100 ms | 90 ms | **met** |")
                .contains("| end to end at 50%: p99 from event to task | <= 250 ms | - | not measured |")
                .contains("**Every figure is the median of 3 runs**");
    }
}
