package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.touchline.e2e.ServiceProcess;

/**
 * One fault scenario: a steady load with a ledger, the fault injected while it runs, then the end
 * state checked against the {@link Oracle} and the result written to docs/reliability.md.
 */
final class Scenario {

    /** Events per second: well within what the pipeline sustains on 2 cores, so the fault is what is measured. */
    static final int RATE = 150;
    static final int ACCOUNTS = 30;
    /** Every third account is high-touch, so its contact change emails its owner. */
    static final int HIGH_TOUCH_EVERY = 3;
    static final Duration SETTLE = Duration.ofSeconds(150);

    /** What a fault does while the load runs; it reports how long the pipeline took to recover. */
    interface Fault {
        void inject(Scenario scenario) throws Exception;
    }

    final String id;
    final FaultPipeline pipeline;
    final Ledger ledger;
    final Random random;
    private final List<Duration> recoveries = new ArrayList<>();
    private final List<String> observations = new ArrayList<>();

    private Scenario(String id, FaultPipeline pipeline, long seed, int accounts) {
        this.id = id;
        this.pipeline = pipeline;
        this.ledger = new Ledger(id, accounts, HIGH_TOUCH_EVERY);
        this.random = new Random(seed);
    }

    /**
     * Runs {@code fault} under load: 5 s of load before it, 5 s after, then waits for the state to
     * settle. Asserts zero lost, zero duplicated and no event refused.
     */
    static Oracle.Verdict run(String id, Fault fault) throws Exception {
        return run(id, ACCOUNTS, RATE, 3, 5, SETTLE, fault);
    }

    /**
     * The same with {@code accounts} accounts and a load of {@code rate} events per second (0: as
     * fast as the workers can send), in batches of {@code eventsPerBatch}.
     */
    static Oracle.Verdict run(String id, int accounts, int rate, int workers, int eventsPerBatch, Duration settle,
            Fault fault) throws Exception {
        long seed = System.nanoTime();
        Scenario scenario = new Scenario(id, FaultPipeline.get(), seed, accounts);
        Oracle.Verdict verdict;
        // A fault's own check that fails still lets the load end and the state settle, so the
        // report shows the scenario failed and what the oracle found.
        AssertionError faultFailed = null;
        // Before and after the fault, about 5 s of load, counted in events acknowledged.
        long around = rate > 0 ? rate * 5L : (long) workers * eventsPerBatch;
        try (Load load = Load.start(scenario.pipeline.ingest, scenario.ledger, rate, workers, eventsPerBatch)) {
            scenario.acknowledgedMore(around);
            try {
                fault.inject(scenario);
            } catch (AssertionError e) {
                faultFailed = e;
                scenario.observed("failed: " + e.getMessage().strip());
            }
            scenario.acknowledgedMore(around);
        }
        long loaded = System.nanoTime();
        verdict = new Oracle(scenario.pipeline, scenario.ledger).settle(settle);
        scenario.observed("settled " + seconds(Duration.ofNanos(System.nanoTime() - loaded)) + " after the load ended");
        String recovered = scenario.recoveries.isEmpty() ? "-"
                : scenario.recoveries.stream().map(Scenario::seconds).reduce((a, b) -> a + ", " + b).orElseThrow();
        List<String> showed = new ArrayList<>(scenario.observations);
        showed.add("answers: " + scenario.ledger.answersSummary());
        showed.add("seed " + seed);
        ReliabilityReport.Row row = ReliabilityReport.Row.of(id, verdict, recovered, String.join("; ", showed));
        ReliabilityReport.record(faultFailed == null ? row : row.failed());
        if (faultFailed != null) {
            throw faultFailed;
        }
        assertThat(verdict.problems()).as("%s (seed %d)", id, seed).isEmpty();
        assertThat(verdict.exact()).as("%s: %s", id, verdict).isTrue();
        assertThat(scenario.ledger.rejectedEvents.get()).as("events ingest rejected").isZero();
        assertThat(scenario.ledger.answers(500)).as("500 answers").isZero();
        return verdict;
    }

    /**
     * SIGKILL {@code service} at a random point of the stream (after 150 to 600 more events are
     * acknowledged: 1-4 s of the default load), start it again and wait until it is ready.
     */
    void killAndRestart(ServiceProcess service) {
        acknowledgedMore(150 + random.nextInt(451));
        service.kill();
        long killed = System.nanoTime();
        service.restart();
        FaultPipeline.awaitReady(service);
        recovered(Duration.ofNanos(System.nanoTime() - killed));
    }

    /** Waits until ingest has acknowledged {@code events} more of this scenario's events. */
    void acknowledgedMore(long events) {
        long target = ledger.eventsAcknowledged() + events;
        await(events + " more events acknowledged").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> ledger.eventsAcknowledged() >= target);
    }

    void recovered(Duration after) {
        recoveries.add(after);
    }

    void observed(String observation) {
        observations.add(observation);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Holds a fault for its stated duration (an outage's length, a sampling interval): a time, not a condition. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
