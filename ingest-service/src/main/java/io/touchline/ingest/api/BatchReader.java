package io.touchline.ingest.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Segment batch request in one streaming pass, measuring each event's size in the bytes
 * the client sent (for the 32 KB limit) and stopping as soon as the batch holds too many events.
 */
final class BatchReader {

    /** One element of {@code batch} and its size as sent. */
    record Element(JsonNode json, int sizeBytes) {
    }

    /**
     * The parts of a batch request that matter.
     *
     * @param isObject whether the body was a JSON object at all
     * @param events the elements of {@code batch}, or null when there is no {@code batch} array
     * @param writeKey the {@code writeKey} browser SDKs put in the body, or null
     */
    record Batch(boolean isObject, List<Element> events, JsonNode sentAt, JsonNode context, JsonNode writeKey) {
    }

    /** The batch holds more events than allowed; reading stopped there. */
    static final class TooManyEvents extends Exception {
        TooManyEvents() {
            super(null, null, false, false);
        }
    }

    private BatchReader() {
    }

    static Batch read(ObjectMapper mapper, byte[] body, int maxEvents) throws IOException, TooManyEvents {
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Batch(false, null, null, null, null);
            }
            List<Element> events = null;
            JsonNode sentAt = null;
            JsonNode context = null;
            JsonNode writeKey = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "batch" -> {
                        if (value != JsonToken.START_ARRAY) {
                            parser.skipChildren();
                            events = null;
                            continue;
                        }
                        events = new ArrayList<>();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            if (events.size() == maxEvents) {
                                throw new TooManyEvents();
                            }
                            long start = parser.currentTokenLocation().getByteOffset();
                            JsonNode event = mapper.readTree(parser);
                            long end = parser.currentLocation().getByteOffset();
                            events.add(new Element(event, (int) (end - start)));
                        }
                    }
                    case "sentAt" -> sentAt = mapper.readTree(parser);
                    case "context" -> context = mapper.readTree(parser);
                    case "writeKey" -> writeKey = mapper.readTree(parser);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "content after the request object");
            }
            return new Batch(true, events, sentAt, context, writeKey);
        }
    }
}
