package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);

    private static String document(String... rows) {
        return "# Reliability\n\nintro\n\n" + ReliabilityReport.FROM + "\n" + ReliabilityReport.HEADER + "\n"
                + String.join("\n", rows) + (rows.length == 0 ? "" : "\n") + ReliabilityReport.UP_TO + "\n\nafter\n";
    }

    @Test
    void aScenarioRowReplacesItsOldRowAndKeepsTheOthersInPlace() {
        String old = document("| a | pass | 1 | 0 | 0 | 2 | 0 | 0 | 0 | - | x | 2026-12-01 |",
                "| b | pass | 1 | 0 | 0 | 2 | 0 | 0 | 0 | - | y | 2026-12-01 |");
        Oracle.Verdict lost = new Oracle.Verdict(10, 2, 0, 5, 1, 0, 0, 0, List.of("a-1: 8 of 10"));

        String spliced = ReliabilityReport.splice(old, ReliabilityReport.Row.of("a", lost, "1.5 s", "seed 7 | x"), DAY);

        assertThat(spliced).isEqualTo(document(
                "| a | **fail** | 10 | 2 | 0 | 5 | 1 | 0 | 0 | 1.5 s | seed 7 \\| x | 2026-12-06 |",
                "| b | pass | 1 | 0 | 0 | 2 | 0 | 0 | 0 | - | y | 2026-12-01 |"));
    }

    @Test
    void aNewScenarioIsAddedAfterTheOthersAndAChecksRowHasNoCounts() {
        String spliced = ReliabilityReport.splice(document(),
                ReliabilityReport.Row.ofChecks("tenant isolation", true, "all held"), DAY);

        assertThat(spliced)
                .isEqualTo(document("| tenant isolation | pass | - | - | - | - | - | - | - | - | all held | 2026-12-06 |"));
    }

    @Test
    void aDocumentWithoutTheMarkersIsRefused() {
        assertThatThrownBy(
                () -> ReliabilityReport.splice("# Reliability\n", ReliabilityReport.Row.ofChecks("a", true, "x"), DAY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ReliabilityReport.FROM);
    }
}
