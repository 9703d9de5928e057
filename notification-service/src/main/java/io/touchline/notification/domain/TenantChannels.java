package io.touchline.notification.domain;

import java.time.ZoneId;
import java.util.Set;

/**
 * A tenant's delivery configuration, secrets apart.
 *
 * @param timeZone where quiet hours and the digest hour are read
 * @param senderEmail the From address of its emails
 * @param senderName the From name
 * @param quietHours when tech-touch emails wait; null for none
 * @param digestHour the hour (0-23) the daily digest of new tasks goes to each owner
 * @param emailCap at most this many tech-touch emails to one recipient ...
 * @param emailCapDays ... in this many days
 * @param csmChannel how owners hear of new tasks: {@code email} or {@code webhook}
 * @param csmWebhookUrl the Slack incoming webhook for owners' notifications, when that is the channel
 * @param webhookUrl where webhook messages go; null for none
 * @param webhookFormat {@code slack} or {@code json} (signed)
 */
public record TenantChannels(ZoneId timeZone, String senderEmail, String senderName, QuietHours quietHours,
        int digestHour, int emailCap, int emailCapDays, String csmChannel, String csmWebhookUrl, String webhookUrl,
        String webhookFormat) {

    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String JSON = "json";
    public static final Set<String> CSM_CHANNELS = Set.of(EMAIL, WEBHOOK);
    public static final Set<String> WEBHOOK_FORMATS = Set.of(SLACK, JSON);

    /** A new tenant's: UTC, no quiet hours, digest at 08:00, 1 tech-touch email per 3 days, owners told by email. */
    public static TenantChannels defaults(String senderEmail, String senderName) {
        return new TenantChannels(ZoneId.of("UTC"), senderEmail, senderName, null, 8, 1, 3, EMAIL, null, null, JSON);
    }
}
