package io.touchline.messaging;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one shape of every message on every Touchline topic.
 *
 * @param id stable message id; consumers deduplicate on it, so a re-send keeps it
 * @param type what the payload is, e.g. {@code usage.track} or {@code health.signal}
 * @param tenantId the tenant that owns the message
 * @param accountId the customer account (Segment group) it concerns
 * @param eventTime when the fact happened (for usage events: the clock-skew-corrected timestamp, else
 *        when ingest received it)
 * @param publishTime when the producing service decided to publish it
 * @param payload the type-specific body
 */
public record Envelope(
        String id,
        String type,
        String tenantId,
        String accountId,
        Instant eventTime,
        Instant publishTime,
        JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(publishTime, "publishTime");
        Objects.requireNonNull(payload, "payload");
    }

    /** The Kafka key on every topic of the path, so one account's messages stay in order. */
    public String key() {
        return key(tenantId, accountId);
    }

    public static String key(String tenantId, String accountId) {
        return tenantId + ":" + accountId;
    }
}
