package io.touchline.e2e.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.touchline.messaging.Topics;

/** Reads the broker the way an operator would: how far each dead-letter topic is, and what it holds. */
final class BrokerView {

    private BrokerView() {
    }

    /** Every dead-letter topic of the catalogue and its end offset (one partition each). */
    static Map<String, Long> deadLetterEndOffsets(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = Topics.catalogue().stream().map(Topics.Spec::name)
                    .filter(name -> name.endsWith(".dlq")).map(name -> new TopicPartition(name, 0)).toList();
            Map<String, Long> offsets = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((partition, offset) -> offsets.put(partition.topic(), offset));
            return offsets;
        }
    }

    /** The records of every partition of {@code topic} from {@code from} (per partition) to its end now. */
    static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, Map<Integer, Long> from) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p.partition(), 0L)));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }
}
