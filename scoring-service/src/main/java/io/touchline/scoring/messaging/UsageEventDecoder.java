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
import io.touchline.messaging.Topics;
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

    /** A decoded record, ready to apply. */
    record Item(TopicPartition partition, ConsumerRecord<String, byte[]> record, AccountEvent event, String key,
            boolean historical) {
    }

    /** What scoring reads of a usage payload. */
    private record UsagePayload(String userId, String event, TrackProperties properties, AccountTraits traits,
            boolean historical) {
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
        if (!envelope.type().startsWith(MessageTypes.USAGE_PREFIX)) {
            throw new PoisonMessageException("not a usage event: " + envelope.type());
        }
        UsagePayload payload = envelope.payload();
        UsageEvent usage = new UsageEvent(envelope.type().substring(MessageTypes.USAGE_PREFIX.length()),
                payload.userId(), payload.event(), payload.properties(), payload.traits(), envelope.eventTime());
        // The hop from the record's append to its decoding, in the trace of the request that sent it.
        String traceParent = tracing.hop("score " + Topics.USAGE_EVENTS, TraceContext.header(record.headers()),
                Instant.ofEpochMilli(record.timestamp()));
        return new Item(partition, record, new AccountEvent(envelope.id(), envelope.tenantId(), envelope.accountId(),
                envelope.eventTime(), usage, traceParent), envelope.key(), payload.historical());
    }

    private UsagePayload readPayload(JsonParser parser) throws IOException {
        String userId = null;
        String event = null;
        TrackProperties properties = TrackProperties.NONE;
        AccountTraits traits = null;
        boolean historical = false;
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
                default -> {
                    // not read by scoring
                }
            }
            // An object or array nothing above read is skipped whole.
            if (token.isStructStart() && parser.currentToken() == token) {
                parser.skipChildren();
            }
        }
        return new UsagePayload(userId, event, properties, traits, historical);
    }

    private AccountTraits readTraits(JsonParser parser) throws IOException {
        try {
            return traitsReader.readValue(parser);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("accountTraits do not fit the contract: " + e.getMessage(), e);
        }
    }
}
