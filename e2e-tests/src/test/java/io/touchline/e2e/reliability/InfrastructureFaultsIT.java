package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.touchline.e2e.ServiceProcess;

/**
 * What the services run on goes away while events flow: the Kafka broker, then PostgreSQL. No
 * service is restarted; each must wait the outage out and resume on its own.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureFaultsIT {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Test
    @Order(1)
    void theBrokerStopsAndComesBack() throws Exception {
        long[] refused = new long[1];
        Scenario.run("Kafka broker stopped 15 s", scenario -> {
            FaultPipeline pipeline = scenario.pipeline;
            long before = scenario.ledger.answers(503) + scenario.ledger.answers(429);
            pipeline.broker.stop();
            Scenario.pause(OUTAGE);
            refused[0] = scenario.ledger.answers(503) + scenario.ledger.answers(429) - before;
            long back = System.nanoTime();
            pipeline.broker.restart();
            await("ingest accepts again").atMost(Duration.ofSeconds(60)).until(() -> everyServiceReady(pipeline));
            scenario.recovered(Duration.ofNanos(System.nanoTime() - back));
            scenario.observed(refused[0] + " requests refused with 503/429 during the outage, all with Retry-After");
            assertThat(scenario.ledger.refusalsWithoutRetryAfter.get()).as("refusals without Retry-After").isZero();
        });
        assertThat(refused[0]).as("requests ingest refused while the broker was away").isPositive();
    }

    @Test
    @Order(2)
    void postgresStopsAndComesBack() throws Exception {
        Map<String, Long> deadLettersBefore = BrokerView.deadLetterEndOffsets(FaultPipeline.get().broker.bootstrapServers());
        Scenario.run("PostgreSQL stopped 15 s", scenario -> {
            FaultPipeline pipeline = scenario.pipeline;
            pipeline.database.stop();
            long stopped = System.nanoTime();
            for (ServiceProcess consumer : List.of(pipeline.scoring, pipeline.playbook, pipeline.notification)) {
                await(consumer.name + " not ready").atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                        .until(() -> !consumer.ready());
            }
            scenario.observed("readiness DOWN on scoring, playbook and notification after "
                    + Scenario.seconds(Duration.ofNanos(System.nanoTime() - stopped)));
            Scenario.pause(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - stopped)));
            long back = System.nanoTime();
            pipeline.database.restart();
            await("every service ready").atMost(Duration.ofSeconds(60)).until(() -> everyServiceReady(pipeline));
            scenario.recovered(Duration.ofNanos(System.nanoTime() - back));
        });
        assertThat(BrokerView.deadLetterEndOffsets(FaultPipeline.get().broker.bootstrapServers()))
                .as("nothing dead-lettered because of the outage").isEqualTo(deadLettersBefore);
    }

    private static boolean everyServiceReady(FaultPipeline pipeline) {
        return pipeline.services().stream().allMatch(ServiceProcess::ready);
    }
}
