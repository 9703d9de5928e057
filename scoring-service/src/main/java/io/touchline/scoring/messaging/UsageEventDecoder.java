package io.touchline.scoring.messaging;

import java.io.IOException;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.contract.AccountTraits;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.scoring.application.EventApplier.AccountEvent;
import io.touchline.scoring.domain.state.TrackProperties;
import io.touchline.scoring.domain.state.UsageEvent;

/**
 * Decodes a usage-events record straight from its bytes into what scoring applies: the envelope's
 * fields and the few payload fields scoring reads; the rest (context, raw traits) is skipped
 * unread. A record that is not a usage envelope of the contract is poison.
 */
final class UsageEventDecoder {

    /**
     * A decoded record, ready to apply.
     *
     * @param event the usage event; null for an import's end marker
     * @param backfill the import an event of {@code usage-imports}, or an end marker, belongs to
     */
    record Item(TopicPartition partition, ConsumerRecord<String, byte[]> record, AccountEvent event, String key,
            boolean historical, Backfill backfill) {
    }

    /**
     * What an import's event or end marker says of the import.
     *
     * @param actionsFrom signals for moments from here on may act (null: none)
     * @param partitions on an end marker, how many partitions carry one; 0 on events
     */
    record Backfill(String importId, String tenantId, Instant actionsFrom, int partitions) {
    }

    /** What scoring reads of a usage payload or an import's end marker. */
    private record UsagePayload(String userId, String event, TrackProperties properties, AccountTraits traits,
            boolean historical, String importId, Instant actionsFrom, int partitions) {
    }

    private final EnvelopeCodec codec;
    private final ObjectReader traitsReader;
    private final TraceContext tracing;

    UsageEventDecoder(EnvelopeCodec codec, ObjectMapper mapper, TraceContext tracing) {
        this.codec = codec;
        this.tracing = tracing;
        this.traitsReader = mapper.readerFor(AccountTraits.class);
    }

    /** @throws PoisonMessageException when the record is not a usage event of the contract */
    Item decode(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        EnvelopeCodec.Typed<UsagePayload> envelope = codec.decode(record.value(), this::readPayload);
        UsagePayload payload = envelope.payload();
        if (envelope.type().equals(MessageTypes.IMPORT_COMPLETED) && payload.importId() != null
                && payload.partitions() > 0) {
            return new Item(partition, record, null, envelope.key(), true,
                    new Backfill(payload.importId(), envelope.tenantId(), null, payload.partitions()));
        }
        // The hop from the record's append to its decoding, in the trace of the request that sent it.
        String traceParent = tracing.hop("score " + partition.topic(), TraceContext.header(record.headers()),
                Instant.ofEpochMilli(record.timestamp()));
        AccountEvent event = event(envelope, traceParent);
        Backfill backfill = payload.importId() == null ? null
                : new Backfill(payload.importId(), envelope.tenantId(), payload.actionsFrom(), 0);
        return new Item(partition, record, event, envelope.key(), payload.historical(), backfill);
    }

    /** Decodes a usage event as a backfill buffered it: its record's value. */
    AccountEvent decodeEvent(byte[] value) {
        return event(codec.decode(value, this::readPayload), null);
    }

    private static AccountEvent event(EnvelopeCodec.Typed<UsagePayload> envelope, String traceParent) {
        if (!envelope.type().startsWith(MessageTypes.USAGE_PREFIX)) {
            throw new PoisonMessageException("not a usage event: " + envelope.type());
        }
        UsagePayload payload = envelope.payload();
        UsageEvent usage = new UsageEvent(envelope.type().substring(MessageTypes.USAGE_PREFIX.length()),
                payload.userId(), payload.event(), payload.properties(), payload.traits(), envelope.eventTime());
        return new AccountEvent(envelope.id(), envelope.tenantId(), envelope.accountId(), envelope.eventTime(), usage,
                traceParent);
    }

    private UsagePayload readPayload(JsonParser parser) throws IOException {
        String userId = null;
        String event = null;
        TrackProperties properties = TrackProperties.NONE;
        AccountTraits traits = null;
        boolean historical = false;
        String importId = null;
        Instant actionsFrom = null;
        int partitions = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                // The Segment user id, when the event has a usable one (anonymous events have none).
                case "userId" -> userId = token == JsonToken.VALUE_STRING && !parser.getText().isBlank()
                        ? parser.getText()
                        : null;
                case "event" -> event = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "properties" -> properties = token == JsonToken.START_OBJECT ? TrackProperties.read(parser)
                        : TrackProperties.NONE;
                case "accountTraits" -> traits = token == JsonToken.VALUE_NULL ? null : readTraits(parser);
                case "historical" -> historical = token == JsonToken.VALUE_TRUE;
                case "importId" -> importId = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "actionsFrom" -> actionsFrom = token == JsonToken.VALUE_STRING ? instant(parser.getText()) : null;
                case "partitions" -> partitions = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                default -> {
                    // not read by scoring
                }
            }
            // An object or array nothing above read is skipped whole.
            if (token.isStructStart() && parser.currentToken() == token) {
                parser.skipChildren();
            }
        }
        return new UsagePayload(userId, event, properties, traits, historical, importId, actionsFrom, partitions);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonMessageException("actionsFrom is not an ISO-8601 instant: " + text, e);
        }
    }

    private AccountTraits readTraits(JsonParser parser) throws IOException {
        try {
            return traitsReader.readValue(parser);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("accountTraits do not fit the contract: " + e.getMessage(), e);
        }
    }
}
