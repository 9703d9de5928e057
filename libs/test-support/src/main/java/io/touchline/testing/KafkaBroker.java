package io.touchline.testing;

import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logging.Logger;

import io.touchline.messaging.Topics;

/**
 * A real Kafka broker for tests, one per JVM: Kafka's own in-process KRaft test kit (a combined
 * broker and controller), or the external broker named by {@code TOUCHLINE_TEST_KAFKA_BOOTSTRAP}.
 * Every topic of {@link Topics#catalogue()} exists once it is started.
 */
public final class KafkaBroker {

    public static final String EXTERNAL_ENV = "TOUCHLINE_TEST_KAFKA_BOOTSTRAP";

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    private KafkaBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getenv(EXTERNAL_ENV);
            bootstrapServers = external != null && !external.isBlank() ? external : startInProcess();
            createTopics(bootstrapServers);
        }
        return bootstrapServers;
    }

    private static String startInProcess() {
        // The broker must never end the test JVM (a failed log dir during shutdown makes Kafka
        // halt the process); Kafka's own test harnesses replace these procedures the same way.
        Exit.setExitProcedure((code, message) -> LOG.warnf("Kafka asked to exit(%d): %s", code, message));
        Exit.setHaltProcedure((code, message) -> LOG.warnf("Kafka asked to halt(%d): %s", code, message));
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    // Saves about 3 s per consumer group join.
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Topics come from the catalogue only, so a typo fails instead of creating one.
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stopInProcess, "kafka-test-kit-stop"));
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka broker", e);
        }
    }

    private static void stopInProcess() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            // The JVM is exiting; nothing left to protect.
        }
    }

    static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Topics.createMissing(admin, (short) 1);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the Touchline topics on " + bootstrap, e);
        }
    }

}
