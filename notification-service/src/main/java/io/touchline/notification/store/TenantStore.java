package io.touchline.notification.store;

import java.time.LocalTime;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.notification.config.NotificationConfig;
import io.touchline.notification.domain.Hmac;
import io.touchline.notification.domain.QuietHours;
import io.touchline.notification.domain.TenantChannels;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Tenants' channel configuration and secrets; a tenant is created with defaults when first needed. */
@ApplicationScoped
public class TenantStore {

    /** The secrets, which no response and no log line shows. */
    public record Secrets(String webhookSecret, String inboxSecret, String signingSecret) {

        @Override
        public String toString() {
            return "Secrets[hidden]";
        }
    }

    public record Tenant(String tenantId, TenantChannels channels, Secrets secrets) {
    }

    private final TemplateStore templates;
    private final NotificationConfig config;

    public TenantStore(TemplateStore templates, NotificationConfig config) {
        this.templates = templates;
        this.config = config;
    }

    /** The tenant, created with the default channels and templates if it is new. */
    public Uni<Tenant> ensure(SqlConnection connection, String tenantId) {
        TenantChannels defaults = TenantChannels.defaults(config.senderEmail(), config.senderName());
        return connection.preparedQuery("""
                insert into notification_tenant (tenant_id, time_zone, sender_email, sender_name, digest_hour, email_cap,
                    email_cap_days, csm_channel, webhook_format, signing_secret, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) on conflict do nothing returning tenant_id""")
                .execute(Tuple.from(new Object[] { tenantId, defaults.timeZone().getId(), defaults.senderEmail(),
                        defaults.senderName(), defaults.digestHour(), defaults.emailCap(), defaults.emailCapDays(),
                        defaults.csmChannel(), defaults.webhookFormat(), Hmac.newSecret() }))
                .flatMap(created -> created.size() == 0 ? Uni.createFrom().voidItem()
                        : templates.seed(connection, tenantId))
                .flatMap(x -> read(connection, tenantId));
    }

    /** The tenant; null when it is not known yet. */
    public Uni<Tenant> read(SqlClient client, String tenantId) {
        return client.preparedQuery("select * from notification_tenant where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /**
     * Replaces the channels. A secret given as null is kept, given as an empty text is removed,
     * else replaced.
     */
    public Uni<Tenant> update(SqlConnection connection, String tenantId, TenantChannels channels, String webhookSecret,
            String inboxSecret) {
        QuietHours quiet = channels.quietHours();
        return connection.preparedQuery("""
                update notification_tenant set time_zone = $2, sender_email = $3, sender_name = $4, quiet_start = $5,
                    quiet_end = $6, digest_hour = $7, email_cap = $8, email_cap_days = $9, csm_channel = $10,
                    csm_webhook_url = $11, webhook_url = $12, webhook_format = $13,
                    webhook_secret = case when $14::text is null then webhook_secret else nullif($14, '') end,
                    inbox_secret = case when $15::text is null then inbox_secret else nullif($15, '') end,
                    updated_at = now()
                where tenant_id = $1 returning *""")
                .execute(Tuple.from(new Object[] { tenantId, channels.timeZone().getId(), channels.senderEmail(),
                        channels.senderName(), quiet == null ? null : quiet.start(), quiet == null ? null : quiet.end(),
                        channels.digestHour(), channels.emailCap(), channels.emailCapDays(), channels.csmChannel(),
                        channels.csmWebhookUrl(), channels.webhookUrl(), channels.webhookFormat(), webhookSecret,
                        inboxSecret }))
                .map(rows -> read(rows.iterator().next()));
    }

    private static Tenant read(Row row) {
        LocalTime quietStart = row.getLocalTime("quiet_start");
        LocalTime quietEnd = row.getLocalTime("quiet_end");
        TenantChannels channels = new TenantChannels(ZoneId.of(row.getString("time_zone")), row.getString("sender_email"),
                row.getString("sender_name"),
                quietStart == null || quietEnd == null ? null : new QuietHours(quietStart, quietEnd),
                row.getInteger("digest_hour"), row.getInteger("email_cap"), row.getInteger("email_cap_days"),
                row.getString("csm_channel"), row.getString("csm_webhook_url"), row.getString("webhook_url"),
                row.getString("webhook_format"));
        return new Tenant(row.getString("tenant_id"), channels, new Secrets(row.getString("webhook_secret"),
                row.getString("inbox_secret"), row.getString("signing_secret")));
    }
}
