package io.touchline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoProgressTest {

    private static final String METRICS = """
            # HELP touchline_playbook_tasks_created_total Tasks created
            # TYPE touchline_playbook_tasks_created_total counter
            touchline_playbook_tasks_created_total{playbook="welcome",tenant="demo"} 60.0
            touchline_playbook_tasks_created_total{playbook="inactive-low-touch",tenant="demo"} 2.0
            touchline_playbook_tasks_created_total_extra 7.0
            touchline_notification_deliveries_total 311.0
            """;

    @ParameterizedTest
    @CsvSource({
            "touchline_playbook_tasks_created_total, 62",
            "touchline_notification_deliveries_total, 311",
            "touchline_scoring_signals_total, 0" })
    void aCounterIsTheSumOfItsSeriesAndNothingElse(String name, long sum) {
        assertThat(DemoProgress.sum(METRICS, name)).isEqualTo(sum);
    }

    @Test
    void theLineShowsTheShareScoredAndWhatWasMadeSinceTheDemoBegan() {
        DemoProgress.Counts made = new DemoProgress.Counts(90, 70, 400).minus(new DemoProgress.Counts(10, 8, 89));

        assertThat(DemoProgress.line(14_371, 28_743, "ended", made))
                .isEqualTo(
                        "[##############................] scored 14,371 of 28,743 (ended)  signals 80  tasks 62  deliveries 311");
    }

    @Test
    void aBaselineReadsBackAsItWasPrinted() {
        DemoProgress.Counts counts = new DemoProgress.Counts(384, 62, 424);

        assertThat(counts.text()).isEqualTo("384,62,424");
        assertThat(DemoProgress.Counts.parse(counts.text() + "\n")).isEqualTo(counts);
    }
}
