package io.touchline.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OutboxRelayConfigTest {

    @Test
    void theServiceSettingsAreKeptAndTheRelaysGuaranteesWinOverThem() {
        Map<String, Object> service = Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "security.protocol", "SSL",
                "acks", "1",
                "enable.idempotence", false,
                "compression.type", "none");

        Map<String, Object> producer = OutboxRelay.producerConfig(service, Duration.ofSeconds(10), "lz4");

        assertThat(producer).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "security.protocol", "SSL",
                "acks", "all",
                "enable.idempotence", true,
                "compression.type", "lz4",
                "max.block.ms", 10_000L,
                "client.id", "outbox-relay",
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
    }

    @Test
    void aClientIdOfTheServiceIsKept() {
        Map<String, Object> producer = OutboxRelay.producerConfig(
                Map.of("bootstrap.servers", "b:9092", "client.id", "scoring"), Duration.ofMillis(1500), "none");

        assertThat(producer).containsEntry("client.id", "scoring").containsEntry("max.block.ms", 1500L)
                .containsEntry("compression.type", "none");
    }
}
