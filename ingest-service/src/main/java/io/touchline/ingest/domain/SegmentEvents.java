package io.touchline.ingest.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.contract.MessageTypes;

/**
 * Turns a Segment-spec message into a usage-event envelope, or says which rules it broke. Pure:
 * no I/O, the clock is passed in.
 */
public final class SegmentEvents {

    /** The Segment calls Touchline accepts. */
    public static final Set<String> CALLS = Set.of("track", "identify", "group", "page", "screen");

    /** Segment's limit on client-supplied message ids. */
    public static final int MAX_MESSAGE_ID_LENGTH = 100;

    /** The outcome: an envelope to publish, or the violations that prevent it. */
    public record Result(Envelope envelope, List<Violation> violations) {

        public boolean accepted() {
            return envelope != null;
        }
    }

    private SegmentEvents() {
    }

    /**
     * @param call the Segment call the endpoint stands for ({@code track}, ...)
     * @param message the parsed JSON object the client sent
     * @param tenantId the tenant of the write key
     * @param receivedAt when the request arrived
     */
    public static Result normalize(String call, ObjectNode message, String tenantId, Instant receivedAt) {
        List<Violation> violations = new ArrayList<>();

        String type = text(message, "type");
        if (type != null && !type.equals(call)) {
            violations.add(new Violation("type", "matches-endpoint", "must be '" + call + "' on this endpoint"));
        }
        if (isBlank(text(message, "userId")) && isBlank(text(message, "anonymousId"))) {
            violations.add(new Violation("userId", "required", "userId or anonymousId is required"));
        }
        if ("track".equals(call) && isBlank(text(message, "event"))) {
            violations.add(new Violation("event", "required", "a track call names its event"));
        }

        String accountId = accountOf(message);
        if (isBlank(accountId)) {
            violations.add(new Violation("groupId", "required",
                    "an event must name its account: groupId or context.groupId"));
        }

        JsonNode suppliedId = message.get("messageId");
        if (suppliedId != null && !suppliedId.isNull()) {
            if (!suppliedId.isTextual() || suppliedId.asText().isBlank()) {
                violations.add(new Violation("messageId", "type", "must be a non-empty string"));
            } else if (suppliedId.asText().length() > MAX_MESSAGE_ID_LENGTH) {
                violations.add(new Violation("messageId", "max-length",
                        "must be at most " + MAX_MESSAGE_ID_LENGTH + " characters"));
            }
        }

        Instant eventTime = receivedAt;
        String timestamp = text(message, "timestamp");
        if (timestamp != null) {
            try {
                eventTime = Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("timestamp", "iso-8601", "must be an ISO-8601 date-time with offset"));
            }
        }

        if (!violations.isEmpty()) {
            return new Result(null, List.copyOf(violations));
        }

        ObjectNode payload = message.deepCopy();
        payload.put("type", call);
        // Without a client id, the content itself identifies the event, so a retried request
        // carrying the same bytes is recognised downstream as the same event.
        String messageId = suppliedId != null && suppliedId.isTextual()
                ? suppliedId.asText()
                : "derived-" + DeterministicIds.of(tenantId, message.toString());
        payload.put("messageId", messageId);
        payload.put("receivedAt", receivedAt.toString());
        // Client message ids are unique per tenant at best; the envelope id must be unique across tenants.
        String envelopeId = DeterministicIds.of(tenantId, messageId);
        return new Result(new Envelope(envelopeId, MessageTypes.usage(call), tenantId, accountId, eventTime,
                receivedAt, payload), List.of());
    }

    /** The account (Segment group) an event belongs to: {@code groupId}, else {@code context.groupId}. */
    static String accountOf(JsonNode message) {
        String groupId = text(message, "groupId");
        if (!isBlank(groupId)) {
            return groupId;
        }
        JsonNode context = message.get("context");
        return context != null && context.isObject() ? text(context, "groupId") : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
