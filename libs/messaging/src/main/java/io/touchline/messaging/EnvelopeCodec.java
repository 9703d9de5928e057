package io.touchline.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads and writes {@link Envelope}s as JSON; anything unreadable is a {@link PoisonMessageException}. */
@ApplicationScoped
public class EnvelopeCodec {

    private final ObjectMapper mapper;

    public EnvelopeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(Envelope envelope) {
        return new String(encodeBytes(envelope), StandardCharsets.UTF_8);
    }

    /** The envelope as UTF-8 JSON, written in one pass: the hot path of ingest. */
    public byte[] encodeBytes(Envelope envelope) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(512);
                JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", envelope.id());
            json.writeStringField("type", envelope.type());
            json.writeStringField("tenantId", envelope.tenantId());
            json.writeStringField("accountId", envelope.accountId());
            json.writeStringField("eventTime", envelope.eventTime().toString());
            json.writeStringField("publishTime", envelope.publishTime().toString());
            json.writeFieldName("payload");
            mapper.writeTree(json, envelope.payload());
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }

    public Envelope decode(String json) {
        if (json == null) {
            throw new PoisonMessageException("message has no value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("message is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonMessageException("message is not a JSON object");
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new PoisonMessageException("envelope field 'payload' must be an object");
        }
        return new Envelope(
                text(node, "id"),
                text(node, "type"),
                text(node, "tenantId"),
                text(node, "accountId"),
                instant(node, "eventTime"),
                instant(node, "publishTime"),
                payload);
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new PoisonMessageException("envelope field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("envelope field '" + field + "' must be an ISO-8601 instant", e);
        }
    }
}
