package io.touchline.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Dead letters written by a batch consumer itself: one bad record must not send its whole poll
 * to the dead-letter topic, which is what the channel's own failure strategy does with batches.
 * The headers are the ones SmallRye's dead-letter strategy writes, so both kinds read alike.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /**
     * Sends a poll's dead letters, each with its reason, again and again while the broker does
     * not take them: a failed poll would stop the channel for good, and the offsets must not pass
     * a record that reached neither the effect nor the dead-letter topic. A retry may send some
     * twice.
     */
    public static Uni<Void> send(MutinyEmitter<byte[]> emitter, List<ConsumerRecord<String, byte[]>> records,
            List<String> reasons) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> sendOnce(emitter, records, reasons))
                .onFailure().invoke(failure -> LOG.warnf("Dead letters not sent, retrying: %s", failure.toString()))
                .onFailure().retry().withBackOff(TransientFailures.FIRST_BACKOFF, TransientFailures.MAX_BACKOFF)
                .indefinitely();
    }

    private static Uni<Void> sendOnce(MutinyEmitter<byte[]> emitter, List<ConsumerRecord<String, byte[]>> records,
            List<String> reasons) {
        List<Uni<Void>> sends = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            LOG.warnf("%s-%d@%d goes to the dead-letter topic: %s", record.topic(), record.partition(), record.offset(),
                    reasons.get(i));
            sends.add(emitter.sendMessage(ofBytes(record, reasons.get(i))));
        }
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
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
