package io.touchline.scoring.domain.state;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The properties of a track event that account state reads. A property that is missing, null,
 * an object or an array is null here; any other value is kept as its text, and {@code score} as
 * a number only when it was sent as one.
 *
 * @param step the setup step a {@code Setup Step Completed} event completed
 * @param ticketId the ticket a {@code Ticket Opened} or {@code Ticket Closed} event names
 * @param feature the key feature a {@code Feature Used} event used
 * @param score a survey answer's score
 * @param scale the survey's scale: {@code nps} (0-10, the default) or {@code csat} (1-5)
 */
public record TrackProperties(String step, String ticketId, String feature, Double score, String scale) {

    public static final TrackProperties NONE = new TrackProperties(null, null, null, null, null);

    /**
     * Reads a properties object in one pass, skipping every other property unread: no tree of
     * the object is built.
     *
     * @param parser on the object's {@code START_OBJECT}; left on its {@code END_OBJECT}
     */
    public static TrackProperties read(JsonParser parser) throws IOException {
        String step = null;
        String ticketId = null;
        String feature = null;
        Double score = null;
        String scale = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token.isStructStart()) {
                parser.skipChildren();
            }
            // A property sent twice counts with its last value, as in a parsed tree.
            switch (name) {
                case "step" -> step = text(parser, token);
                case "ticketId" -> ticketId = text(parser, token);
                case "feature" -> feature = text(parser, token);
                case "score" -> score = token.isNumeric() ? parser.getDoubleValue() : null;
                case "scale" -> scale = text(parser, token);
                default -> {
                    // not read by scoring
                }
            }
        }
        return new TrackProperties(step, ticketId, feature, score, scale);
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        return token.isScalarValue() && token != JsonToken.VALUE_NULL ? parser.getText() : null;
    }
}
