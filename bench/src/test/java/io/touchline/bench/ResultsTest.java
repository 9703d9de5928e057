package io.touchline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5           | 5
            3 1 2       | 2
            4 1 3 2     | 2.5
            10 10 99    | 10
            0.37 0.44 0.40 | 0.40
            """)
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes(String values, double median) {
        double[] parsed = java.util.Arrays.stream(values.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        assertThat(Results.median(parsed)).isEqualTo(median);
    }

    @Test
    void eachFigureTakesTheMedianOfTheRunsThatHaveIt() {
        Results median = Results.median(List.of(
                Results.of(Map.of("a", 1.0, "b", 10.0)),
                Results.of(Map.of("a", 3.0)),
                Results.of(Map.of("a", 2.0, "b", 20.0))));

        assertThat(median.get("a")).hasValue(2.0);
        assertThat(median.get("b")).hasValue(15.0);
        assertThat(median.get("c")).isEmpty();
    }

    @Test
    void ratiosAreTakenWithinEachRunBeforeTheMedian() {
        // Run medians of raw values would give 150 / 1,000 = 0.15; the median of the runs' ratios is 0.2.
        List<Results> runs = List.of(
                Results.of(Map.of("ingest.batch_events_per_sec", 100.0, "ingest.producer_records_per_sec", 500.0)),
                Results.of(Map.of("ingest.batch_events_per_sec", 150.0, "ingest.producer_records_per_sec", 1000.0)),
                Results.of(Map.of("ingest.batch_events_per_sec", 300.0, "ingest.producer_records_per_sec", 1500.0)));

        Results median = Results.median(runs.stream().map(Results::withRatios).toList());

        assertThat(median.get("ingest.batch_ratio")).hasValue(0.2);
        assertThat(median.get("scoring.warm_ratio")).isEmpty();
    }

    @Test
    void appendedFiguresReadBackAndALaterLineReplacesAnEarlierOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.txt");
        Results.append(file, "e2e.p50.rate", 1913);
        Results.append(file, "kafka.e2e_latency_avg_ms", 0.882);
        Results.append(file, "e2e.p50.rate", 2000);

        assertThat(Files.readAllLines(file)).containsExactly("e2e.p50.rate=1913", "kafka.e2e_latency_avg_ms=0.882",
                "e2e.p50.rate=2000");
        Results read = Results.read(file);
        assertThat(read.get("e2e.p50.rate")).hasValue(2000.0);
        assertThat(read.get("kafka.e2e_latency_avg_ms")).hasValue(0.882);
    }

    @Test
    void aValueThatIsNotANumberNamesTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.txt");
        Files.writeString(file, "ingest.batch_events_per_sec=fast\n");

        assertThatThrownBy(() -> Results.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a number in 'ingest.batch_events_per_sec=fast'");
    }
}
