package io.touchline.ingest.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.touchline.messaging.DeterministicIds;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.contract.AccountTraits;
import io.touchline.messaging.contract.MessageTypes;

/**
 * Turns one Segment-spec message into a usage-event envelope, or says which rules it broke.
 * Pure: no I/O; the clock, the limits and what is known of memberships come in the
 * {@link Context}.
 */
public final class SegmentEvents {

    /** The Segment calls Touchline accepts. */
    public static final Set<String> CALLS = Set.of("track", "identify", "group", "page", "screen");

    /** Segment's limit on client-supplied message ids. */
    public static final int MAX_MESSAGE_ID_LENGTH = 100;

    private static final JsonMapper JSON = JsonMapper.builder()
            // Keep amounts as sent (650000, not 6.5E+5).
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The accounts a user of the tenant is known to belong to, learnt from earlier group calls. */
    @FunctionalInterface
    public interface Memberships {
        Set<String> accountsOf(String userId);
    }

    /**
     * @param maxEventBytes the largest event accepted (Segment: 32 KB)
     * @param maxFuture how far after receipt a (skew-corrected) timestamp may lie
     * @param historicalAfter events older than this at receipt are marked historical
     */
    public record Limits(int maxEventBytes, Duration maxFuture, Duration historicalAfter) {
    }

    /**
     * What an event is judged against.
     *
     * @param tenantId the tenant of the write key
     * @param receivedAt when the request arrived
     * @param batchSentAt the batch's {@code sentAt}, if the event came in a batch that had one
     * @param forbiddenTraits the account traits the sender's key may not set ({@link KeyPolicy})
     */
    public record Context(String tenantId, Instant receivedAt, Instant batchSentAt, Limits limits,
            Memberships memberships, Set<String> forbiddenTraits, String receivedAtText) {

        public Context(String tenantId, Instant receivedAt, Instant batchSentAt, Limits limits, Memberships memberships) {
            this(tenantId, receivedAt, batchSentAt, limits, memberships, Set.of());
        }

        public Context(String tenantId, Instant receivedAt, Instant batchSentAt, Limits limits, Memberships memberships,
                Set<String> forbiddenTraits) {
            this(tenantId, receivedAt, batchSentAt, limits, memberships, forbiddenTraits, receivedAt.toString());
        }
    }

    /** A user's membership in an account, learnt from an accepted group call. */
    public record Membership(String userId, String accountId) {
    }

    /**
     * The outcome: an envelope to publish (and the membership a group call teaches), or the
     * violations that prevent it.
     *
     * @param messageId the client's message id, or the derived one
     */
    public record Result(Envelope envelope, List<Violation> violations, String messageId, Membership membership) {

        public boolean accepted() {
            return envelope != null;
        }
    }

    private SegmentEvents() {
    }

    /**
     * @param call the Segment call the endpoint stands for, or null for a batch element, which
     *        names its call in {@code type}
     * @param message the parsed JSON object
     * @param sizeBytes the size of the event as sent
     */
    public static Result normalize(String call, ObjectNode message, int sizeBytes, Context context) {
        List<Violation> violations = new ArrayList<>();

        String type = text(message, "type");
        if (call == null) {
            call = type;
            if (call == null || !CALLS.contains(call)) {
                violations.add(new Violation("type", "one-of", "must be one of " + String.join(", ", sorted(CALLS))));
            }
        } else if (type != null && !type.equals(call)) {
            violations.add(new Violation("type", "matches-endpoint", "must be '" + call + "' on this endpoint"));
        }
        if (sizeBytes > context.limits().maxEventBytes()) {
            violations.add(new Violation("", "max-size",
                    "an event may be at most " + context.limits().maxEventBytes() / 1024 + " KB"));
        }

        String userId = text(message, "userId");
        if (isBlank(userId) && isBlank(text(message, "anonymousId"))) {
            violations.add(new Violation("userId", "required", "userId or anonymousId is required"));
        }
        if ("track".equals(call) && isBlank(text(message, "event"))) {
            violations.add(new Violation("event", "required", "a track call names its event"));
        }

        String messageId = null;
        JsonNode suppliedId = message.get("messageId");
        if (suppliedId != null && !suppliedId.isNull()) {
            if (!suppliedId.isTextual() || suppliedId.asText().isBlank()) {
                violations.add(new Violation("messageId", "type", "must be a non-empty string"));
            } else if (suppliedId.asText().length() > MAX_MESSAGE_ID_LENGTH) {
                violations.add(new Violation("messageId", "max-length",
                        "must be at most " + MAX_MESSAGE_ID_LENGTH + " characters"));
            } else {
                messageId = suppliedId.asText();
            }
        }

        String accountId = resolveAccount(call, message, userId, context, violations);
        Instant eventTime = eventTime(message, context, violations);

        AccountTraits traits = null;
        if ("group".equals(call)) {
            JsonNode traitsNode = message.get("traits");
            if (traitsNode != null && !traitsNode.isNull() && !traitsNode.isObject()) {
                violations.add(new Violation("traits", "object", "must be an object"));
            } else if (traitsNode != null && traitsNode.isObject()) {
                traitsNode.fieldNames().forEachRemaining(trait -> {
                    if (context.forbiddenTraits().contains(trait)) {
                        violations.add(new Violation("traits." + trait, "server-key-only",
                                "a browser key may not set " + trait + " unless the key allows it (allowedTraits)"));
                    }
                });
                traits = AccountTraitsReader.read(traitsNode, violations);
            }
        }

        // Without a client id, the content itself identifies the event, so a retried request
        // carrying the same bytes is recognised downstream as the same event (and a rejected one
        // can be found among the rejections).
        if (messageId == null && (suppliedId == null || suppliedId.isNull())) {
            // Content identifies an event only together with its own time: two identical
            // untimed events (a daily "Login" from a server) are two events, not a retry.
            boolean timed = message.hasNonNull("timestamp") || message.hasNonNull("originalTimestamp");
            messageId = timed ? "derived-" + DeterministicIds.of(context.tenantId(), message.toString())
                    : "generated-" + UUID.randomUUID();
        }
        if (!violations.isEmpty()) {
            return new Result(null, List.copyOf(violations), messageId, null);
        }
        // The message becomes the payload: it was parsed for this request alone, so no copy.
        ObjectNode payload = message;
        JsonNode clientTimestamp = message.get("timestamp");
        payload.put("type", call);
        payload.put("messageId", messageId);
        payload.put("receivedAt", context.receivedAtText());
        // As Segment does: the client's own time stays as originalTimestamp, timestamp is corrected.
        if (!message.hasNonNull("originalTimestamp") && clientTimestamp != null && !clientTimestamp.isNull()) {
            payload.set("originalTimestamp", clientTimestamp);
        }
        payload.put("timestamp", eventTime.toString());
        if (!message.hasNonNull("sentAt") && context.batchSentAt() != null) {
            payload.put("sentAt", context.batchSentAt().toString());
        }
        payload.put("historical",
                eventTime.isBefore(context.receivedAt().minus(context.limits().historicalAfter())));
        // Only ingest writes accountTraits: whatever a client sent under that name goes.
        payload.remove("accountTraits");
        // Browser SDKs put the write key in each event: it authenticated the request, and goes no further.
        payload.remove("writeKey");
        if (traits != null) {
            payload.set("accountTraits", JSON.valueToTree(traits));
        }
        // Client message ids are unique per tenant at best; prefixed with the tenant (which holds
        // no ':'), the envelope id is unique across tenants and as stable as the client's id.
        String envelopeId = context.tenantId() + ":" + messageId;
        Envelope envelope = new Envelope(envelopeId, MessageTypes.usage(call), context.tenantId(), accountId,
                eventTime, context.receivedAt(), payload);
        Membership membership = "group".equals(call) && !isBlank(userId) ? new Membership(userId, accountId) : null;
        return new Result(envelope, List.of(), messageId, membership);
    }

    /**
     * The account (Segment group) an event belongs to: {@code groupId}, else
     * {@code context.groupId}, else the one account the user is known to belong to. A group
     * call must name its group.
     */
    private static String resolveAccount(String call, JsonNode message, String userId, Context context,
            List<Violation> violations) {
        String explicit = text(message, "groupId");
        if (isBlank(explicit)) {
            JsonNode eventContext = message.get("context");
            explicit = eventContext != null && eventContext.isObject() ? text(eventContext, "groupId") : null;
        }
        if (!isBlank(explicit)) {
            return explicit;
        }
        if ("group".equals(call)) {
            violations.add(new Violation("groupId", "required", "a group call names its group"));
            return null;
        }
        Set<String> accounts = isBlank(userId) ? Set.of() : context.memberships().accountsOf(userId);
        if (accounts.size() == 1) {
            return accounts.iterator().next();
        }
        if (accounts.isEmpty()) {
            violations.add(new Violation("groupId", "required",
                    "an event must name its account (groupId or context.groupId), or come from a user "
                            + "a group call placed in exactly one account"));
        } else {
            violations.add(new Violation("groupId", "ambiguous", "user '" + userId + "' belongs to " + accounts.size()
                    + " accounts; name one with groupId or context.groupId"));
        }
        return null;
    }

    /**
     * Segment's clock-skew correction: with the client's clock ({@code originalTimestamp}, else
     * {@code timestamp}) and the client's send time ({@code sentAt}, of the event or its batch),
     * {@code timestamp = receivedAt - (sentAt - originalTimestamp)}. Without {@code sentAt} the
     * client's time is taken as is; without either, the time of receipt.
     */
    private static Instant eventTime(JsonNode message, Context context, List<Violation> violations) {
        Instant original = instant(message, "originalTimestamp", violations);
        if (original == null) {
            original = instant(message, "timestamp", violations);
        }
        Instant sentAt = instant(message, "sentAt", violations);
        if (sentAt == null) {
            sentAt = context.batchSentAt();
        }
        Instant receivedAt = context.receivedAt();
        Instant eventTime;
        try {
            eventTime = original == null ? receivedAt
                    : sentAt == null ? original : receivedAt.minus(Duration.between(original, sentAt));
        } catch (DateTimeException | ArithmeticException e) {
            violations.add(new Violation("timestamp", "range", "timestamps this far apart cannot be corrected"));
            return receivedAt;
        }
        if (eventTime.isAfter(receivedAt.plus(context.limits().maxFuture()))) {
            violations.add(new Violation("timestamp", "not-in-future", "lies more than "
                    + context.limits().maxFuture().toMinutes() + " minutes in the future after clock-skew correction"));
        }
        return eventTime;
    }

    private static Instant instant(JsonNode message, String field, List<Violation> violations) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                // fall through to the violation
            }
        }
        violations.add(new Violation(field, "iso-8601", "must be an ISO-8601 date-time with offset"));
        return null;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
