package io.touchline.messaging;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads and writes {@link Envelope}s as JSON; anything unreadable is a {@link PoisonMessageException}. */
// Singleton, not application-scoped: called for every event, and a client proxy costs a lookup per call.
@Singleton
public class EnvelopeCodec {

    /** The envelope's fields besides the payload, all non-empty strings. */
    private static final String[] HEADER = { "id", "type", "tenantId", "accountId", "eventTime", "publishTime" };

    private final ObjectMapper mapper;

    public EnvelopeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(Envelope envelope) {
        return new String(encodeBytes(envelope), StandardCharsets.UTF_8);
    }

    /** The envelope as UTF-8 JSON, written in one pass: the hot path of ingest. */
    public byte[] encodeBytes(Envelope envelope) {
        return encodeBytes(new Typed<>(envelope.id(), envelope.type(), envelope.tenantId(), envelope.accountId(),
                envelope.eventTime(), envelope.publishTime(), envelope.payload()));
    }

    /**
     * A typed message as UTF-8 JSON, written in one pass: the payload object is never built as a
     * tree, and a writer sends the bytes on without a String between.
     */
    public byte[] encodeBytes(Typed<?> message) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(512);
                JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", message.id());
            json.writeStringField("type", message.type());
            json.writeStringField("tenantId", message.tenantId());
            json.writeStringField("accountId", message.accountId());
            json.writeStringField("eventTime", Instants.format(message.eventTime()));
            json.writeStringField("publishTime", Instants.format(message.publishTime()));
            json.writeFieldName("payload");
            mapper.writeValue(json, message.payload());
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }

    public Envelope decode(String json) {
        Typed<JsonNode> d = decode(json, parser -> parser.readValueAsTree());
        return new Envelope(d.id(), d.type(), d.tenantId(), d.accountId(), d.eventTime(), d.publishTime(),
                d.payload());
    }

    /** Reads an envelope's payload from a parser positioned on the payload's opening brace. */
    @FunctionalInterface
    public interface PayloadReader<T> {

        /** Reads through the payload's closing brace; throws {@link PoisonMessageException} for a payload it rejects. */
        T read(JsonParser parser) throws IOException;
    }

    /**
     * An envelope whose payload is what a consumer read or a producer writes (a record, a map), not
     * a tree: for hot paths that never need the tree.
     */
    public record Typed<T>(String id, String type, String tenantId, String accountId, Instant eventTime,
            Instant publishTime, T payload) {

        public String key() {
            return Envelope.key(tenantId, accountId);
        }
    }

    /**
     * Decodes an envelope in one streaming pass, the payload read by {@code payloadReader}: for a
     * consumer on a hot path, which then skips what it does not use instead of building a tree of
     * it. The envelope's fields are checked as {@link #decode(String)} checks them.
     */
    public <T> Typed<T> decode(String json, PayloadReader<T> payloadReader) {
        if (json == null) {
            throw new PoisonMessageException("message has no value");
        }
        return decode(() -> mapper.createParser(json), payloadReader);
    }

    /**
     * The same from the record's bytes as Kafka delivered them: no string of the whole message is
     * built, and Jackson's parser for UTF-8 bytes is its fastest.
     */
    public <T> Typed<T> decode(byte[] json, PayloadReader<T> payloadReader) {
        if (json == null) {
            throw new PoisonMessageException("message has no value");
        }
        return decode(() -> mapper.createParser(json), payloadReader);
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private <T> Typed<T> decode(ParserSource source, PayloadReader<T> payloadReader) {
        String[] fields = new String[HEADER.length];
        T payload = null;
        boolean hasPayload = false;
        try (JsonParser parser = source.open()) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PoisonMessageException("message is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                int header = header(name);
                if (header >= 0) {
                    fields[header] = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                } else if ("payload".equals(name)) {
                    hasPayload = token == JsonToken.START_OBJECT;
                    if (hasPayload) {
                        payload = payloadReader.read(parser);
                    } else {
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("message is not JSON: " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // Bytes in no encoding JSON allows (Jackson detects UTF-8, -16 and -32).
            throw new PoisonMessageException("message is not JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail otherwise", e);
        }
        if (!hasPayload) {
            throw new PoisonMessageException("envelope field 'payload' must be an object");
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (fields[i] == null || fields[i].isBlank()) {
                throw new PoisonMessageException("envelope field '" + HEADER[i] + "' must be a non-empty string");
            }
        }
        return new Typed<>(fields[0], fields[1], fields[2], fields[3], instant(fields[4], HEADER[4]),
                instant(fields[5], HEADER[5]), payload);
    }

    /**
     * Reads a payload into a typed record; a payload that does not fit (a required field missing,
     * a wrong type) is poison. Fields the record does not know are ignored, so producers may add
     * fields before consumers know them.
     */
    public <T> T payload(Envelope envelope, Class<T> type) {
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(envelope.payload());
        } catch (IOException | IllegalArgumentException e) {
            throw new PoisonMessageException("payload of " + envelope.type() + " does not fit " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    public JsonNode toTree(Object payload) {
        return mapper.valueToTree(payload);
    }

    private static int header(String name) {
        for (int i = 0; i < HEADER.length; i++) {
            if (HEADER[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Instant instant(String value, String field) {
        try {
            return Instants.parse(value);
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("envelope field '" + field + "' must be an ISO-8601 instant", e);
        }
    }
}
