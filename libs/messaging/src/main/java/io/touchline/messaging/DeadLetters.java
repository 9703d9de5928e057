package io.touchline.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Dead letters written by a batch consumer itself: one bad record must not send its whole poll
 * to the dead-letter topic, which is what the channel's own failure strategy does with batches.
 * The headers are the ones SmallRye's dead-letter strategy writes, so both kinds read alike.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * The record as a message for {@code <topic>.dlq}, with the reason and its origin in headers.
     *
     * @param secretHeaders headers to leave out (e.g. a write key)
     */
    public static Message<String> of(ConsumerRecord<String, String> record, String reason, String... secretHeaders) {
        return of(record, "", reason, secretHeaders);
    }

    /** The same for a consumer that reads raw bytes. */
    public static Message<byte[]> ofBytes(ConsumerRecord<String, byte[]> record, String reason,
            String... secretHeaders) {
        return of(record, new byte[0], reason, secretHeaders);
    }

    private static <V> Message<V> of(ConsumerRecord<String, V> record, V empty, String reason,
            String... secretHeaders) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        for (String secret : secretHeaders) {
            headers.remove(secret);
        }
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        return Message.of(record.value() == null ? empty : record.value()).addMetadata(
                OutgoingKafkaRecordMetadata.<String> builder()
                        .withTopic(Topics.dlq(record.topic()))
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
