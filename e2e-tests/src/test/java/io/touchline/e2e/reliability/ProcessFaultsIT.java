package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.touchline.e2e.ServiceProcess;

/**
 * Services crash and scale while events flow: SIGKILL at random points, three times each, and a
 * second replica of every service joining and leaving. Nothing acknowledged may be lost, nothing
 * applied twice, no account's events reordered.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessFaultsIT {

    @Test
    @Order(1)
    void withoutAFaultTheStateIsExactlyWhatWasSent() throws Exception {
        Oracle.Verdict verdict = Scenario.run("no fault (the oracle's control)", scenario -> scenario.acknowledgedMore(750));
        assertThat(verdict.eventsSent()).isGreaterThan(1000);
        // Per account a welcome task, its in-app message and its digest item; per high-touch account
        // also the contact change's task and its email.
        assertThat(verdict.effectsExpected())
                .isEqualTo(Scenario.ACCOUNTS * 3 + 2L * Scenario.ACCOUNTS / Scenario.HIGH_TOUCH_EVERY);
    }

    @Test
    @Order(2)
    void scoringKilledThreeTimes() throws Exception {
        killThreeTimes("scoring-service");
    }

    @Test
    @Order(3)
    void ingestKilledThreeTimes() throws Exception {
        killThreeTimes("ingest-service");
    }

    @Test
    @Order(4)
    void playbookKilledThreeTimes() throws Exception {
        killThreeTimes("playbook-service");
    }

    @Test
    @Order(5)
    void notificationKilledThreeTimes() throws Exception {
        killThreeTimes("notification-service");
    }

    @Test
    @Order(6)
    void aSecondReplicaOfEveryServiceJoinsAndLeaves() throws Exception {
        Scenario.run("rebalance: a second replica of each service joins and leaves", scenario -> {
            List<String> modules = List.of("ingest-service", "scoring-service", "playbook-service", "notification-service");
            List<ServiceProcess> replicas = modules.stream().map(scenario.pipeline::secondInstance).toList();
            long started = System.nanoTime();
            replicas.forEach(FaultPipeline::awaitReady);
            scenario.recovered(Duration.ofNanos(System.nanoTime() - started));
            scenario.acknowledgedMore(750);
            replicas.forEach(ServiceProcess::stop);
        });
    }

    private static void killThreeTimes(String module) throws Exception {
        Scenario.run("SIGKILL " + module + " ×3", scenario -> {
            ServiceProcess service = scenario.pipeline.service(module);
            for (int i = 0; i < 3; i++) {
                scenario.killAndRestart(service);
            }
        });
    }
}
