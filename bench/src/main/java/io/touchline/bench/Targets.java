package io.touchline.bench;

import java.util.List;
import java.util.OptionalDouble;

/** The numeric targets the benchmark is judged by, and whether a run's medians meet them. */
public final class Targets {

    /** A target on one figure: at least or at most a bound. */
    public record Target(String what, String figure, boolean atLeast, double bound, String unit) {

        /** Whether the figure meets the bound; empty when the run has no such figure. */
        public java.util.Optional<Boolean> met(Results results) {
            OptionalDouble value = results.get(figure);
            if (value.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(atLeast ? value.getAsDouble() >= bound : value.getAsDouble() <= bound);
        }

        public String boundText() {
            return (atLeast ? ">= " : "<= ") + Report.number(bound) + unit;
        }
    }

    public static final List<Target> ALL = List.of(
            new Target("ingest: batched HTTP events/s ÷ ProducerPerformance", "ingest.batch_ratio", true, 0.25, ""),
            new Target("scoring: drain events/s ÷ ConsumerPerformance", "scoring.warm_ratio", true, 0.10, ""),
            new Target("end to end at 50%: p99 from event to score published", "e2e.p50.score.p99_ms", false, 100, " ms"),
            new Target("end to end at 50%: p99 from event to task", "e2e.p50.task.p99_ms", false, 250, " ms"));

    private Targets() {
    }
}
