package io.touchline.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.touchline.e2e.ServiceProcess;
import io.touchline.messaging.Topics;
import io.touchline.testing.TestKeys;

/**
 * Poison on every consumed topic while events flow: a value that is not JSON, JSON that is not
 * the topic's message, and a well-formed envelope whose type the topic does not carry (and, on
 * touch-messages, a whole message for a channel that does not exist). Each must
 * land on the topic's dead-letter topic with its reason, and the stream must go on with every
 * service ready. An outbox row Kafka can never take is parked with its reason.
 */
@Order(3)
class PoisonIT {

    /** The schemas of the services with an outbox. */
    private static final List<String> OUTBOXES = List.of("scoring", "playbook", "notification");
    private static final List<String> CONSUMED = List.of(Topics.USAGE_EVENTS, Topics.USAGE_EVENTS_RAW,
            Topics.USAGE_IMPORTS, Topics.HEALTH_SIGNALS, Topics.TOUCH_MESSAGES, Topics.CS_TASKS);

    @Test
    void poisonOnEveryTopicIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        Map<String, String> reasons = new LinkedHashMap<>();
        Scenario.run("poison on every consumed topic", scenario -> {
            FaultPipeline pipeline = scenario.pipeline;
            String bootstrap = pipeline.broker.bootstrapServers();
            Map<String, Long> before = BrokerView.deadLetterEndOffsets(bootstrap);
            String run = Long.toString(System.nanoTime(), 36);
            Map<String, String> poison = new LinkedHashMap<>();
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                for (String topic : CONSUMED) {
                    for (Map.Entry<String, String> kind : poisonFor(topic).entrySet()) {
                        String key = TestKeys.TENANT + ":poison-" + run + "-" + kind.getKey();
                        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, kind.getValue());
                        if (topic.equals(Topics.USAGE_EVENTS_RAW)) {
                            record.headers().add("touchline-write-key", TestKeys.INGEST.getBytes(StandardCharsets.UTF_8));
                        }
                        producer.send(record).get(30, TimeUnit.SECONDS);
                        poison.put(topic + " " + key, kind.getKey());
                    }
                }
            }
            // An outbox row of each service that Kafka can never take: larger than the broker accepts.
            for (String schema : OUTBOXES) {
                unpublishableOutboxRow(pipeline, schema, "poison-" + run + "-" + schema + "-outbox");
            }
            long sent = System.nanoTime();
            await("every poison record dead-lettered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        reasons.clear();
                        reasons.putAll(deadLettered(bootstrap, before, run));
                        return reasons.keySet().containsAll(poison.keySet());
                    });
            for (String schema : OUTBOXES) {
                String id = "poison-" + run + "-" + schema + "-outbox";
                await(schema + "'s unpublishable outbox row parked").atMost(Duration.ofSeconds(60))
                        .until(() -> parkedReason(pipeline, schema, id), reason -> reason != null);
                reasons.put(schema + ".outbox_parked " + id, parkedReason(pipeline, schema, id));
            }
            scenario.recovered(Duration.ofNanos(System.nanoTime() - sent));
            scenario.observed(poison.size() + " poison records on " + CONSUMED.size()
                    + " topics, each on its dead-letter topic with a dead-letter-reason; a 2 MiB row in the outbox of "
                    + String.join(", ", OUTBOXES) + " parked with its reason; every service stayed ready");
            for (ServiceProcess service : pipeline.services()) {
                assertThat(service.ready()).as(service.name + " ready").isTrue();
            }
        });
        assertThat(reasons).hasSize(CONSUMED.size() * 3 + 1 + OUTBOXES.size())
                .allSatisfy((record, reason) -> assertThat(reason).isNotBlank());
    }

    private static void unpublishableOutboxRow(FaultPipeline pipeline, String schema, String id) throws SQLException {
        try (Connection connection = connect(pipeline);
                PreparedStatement insert = connection.prepareStatement("insert into " + schema + ".outbox_message"
                        + " (topic, message_key, message_id, payload, created_at) values (?, ?, ?, ?, now())")) {
            insert.setString(1, Topics.HEALTH_SIGNALS);
            insert.setString(2, TestKeys.TENANT + ":" + id);
            insert.setString(3, id);
            insert.setString(4, "x".repeat(2 * 1024 * 1024));
            insert.executeUpdate();
        }
    }

    private static Connection connect(FaultPipeline pipeline) throws SQLException {
        var database = pipeline.database.coordinates();
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    private static String parkedReason(FaultPipeline pipeline, String schema, String id) throws SQLException {
        try (Connection connection = connect(pipeline);
                PreparedStatement select = connection.prepareStatement(
                        "select reason from " + schema + ".outbox_parked where message_id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /**
     * Three kinds of poison per topic; for usage-events.raw the third is a Segment message that
     * breaks its rules, and touch-messages also gets a whole message its consumer's rules refuse.
     */
    private static Map<String, String> poisonFor(String topic) {
        String name = topic.replace('.', '-');
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put(name + "-not-json", "{\"this is\": not json");
        kinds.put(name + "-not-a-message", "{\"hello\":\"world\"}");
        if (topic.equals(Topics.USAGE_EVENTS_RAW)) {
            kinds.put(name + "-breaks-a-rule", "{\"type\":\"track\",\"event\":\"Login\",\"groupId\":\"acme\"}");
        } else {
            kinds.put(name + "-wrong-type", """
                    {"id":"poison-%s","type":"no.such.type","tenantId":"%s","accountId":"poison","eventTime":"%s",\
                    "publishTime":"%s","payload":{}}""".formatted(name, TestKeys.TENANT, Instant.now(), Instant.now()));
        }
        if (topic.equals(Topics.TOUCH_MESSAGES)) {
            // A message whole and well-typed that notification-service's rules refuse: no such channel.
            kinds.put(name + "-fails-a-rule", """
                    {"id":"poison-fax","type":"touch.message","tenantId":"%s","accountId":"poison","eventTime":"%s",\
                    "publishTime":"%s","payload":{"messageId":"poison-fax","channel":"fax","recipient":"+1 555 0100",\
                    "title":"Hello","body":"Hello"}}""".formatted(TestKeys.TENANT, Instant.now(), Instant.now()));
        }
        return kinds;
    }

    /** The dead letters of this run (by key), with their reason, each as "topic key". */
    private static Map<String, String> deadLettered(String bootstrap, Map<String, Long> before, String run) {
        Map<String, String> found = new HashMap<>();
        for (String topic : CONSUMED) {
            List<ConsumerRecord<String, String>> records = BrokerView.read(bootstrap, Topics.dlq(topic),
                    Map.of(0, before.getOrDefault(Topics.dlq(topic), 0L)));
            for (ConsumerRecord<String, String> record : records) {
                if (record.key() != null && record.key().contains(run)) {
                    Header reason = record.headers().lastHeader("dead-letter-reason");
                    found.put(topic + " " + record.key(),
                            reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return found;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
