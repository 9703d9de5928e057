package io.touchline.notification.api;

import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.notification.domain.QuietHours;
import io.touchline.notification.domain.TenantChannels;
import io.touchline.notification.store.TenantStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The tenant's channels: sender, quiet hours, digest hour, the tech-touch email cap, how owners
 * hear of new tasks, the webhook, and the secrets. Secrets are write-only: a response says only
 * whether one is set, and nothing logs them.
 */
@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class ChannelsResource {

    static final int MAX_TEXT = 200;
    static final int MAX_URL = 2000;
    static final int MIN_SECRET = 16;

    /** Quiet hours as local times, {@code HH:mm}. */
    public record QuietHoursView(String start, String end) {
    }

    /** The channels as a response shows them. */
    public record ChannelsView(String timeZone, String senderEmail, String senderName, QuietHoursView quietHours,
            int digestHour, int emailCap, int emailCapDays, String csmChannel, String csmWebhookUrl, String webhookUrl,
            String webhookFormat, boolean webhookSecretSet, boolean inboxSecretSet) {

        static ChannelsView of(TenantStore.Tenant tenant) {
            TenantChannels c = tenant.channels();
            return new ChannelsView(c.timeZone().getId(), c.senderEmail(), c.senderName(),
                    c.quietHours() == null ? null
                            : new QuietHoursView(c.quietHours().start().toString(), c.quietHours().end().toString()),
                    c.digestHour(), c.emailCap(), c.emailCapDays(), c.csmChannel(), c.csmWebhookUrl(), c.webhookUrl(),
                    c.webhookFormat(), tenant.secrets().webhookSecret() != null, tenant.secrets().inboxSecret() != null);
        }
    }

    /**
     * A replacement of the channels. A secret left out keeps its value; an empty one removes it.
     *
     * @param webhookSecret signs generic webhooks ({@code Touchline-Signature})
     * @param inboxSecret signs the per-user inbox tokens the tenant's backend mints
     */
    public record ChannelsRequest(String timeZone, String senderEmail, String senderName, QuietHoursView quietHours,
            Integer digestHour, Integer emailCap, Integer emailCapDays, String csmChannel, String csmWebhookUrl,
            String webhookUrl, String webhookFormat, String webhookSecret, String inboxSecret) {

        @Override
        public String toString() {
            return "ChannelsRequest[secrets hidden]";
        }
    }

    private final Pool pool;
    private final TenantStore tenants;
    private final CurrentCaller caller;

    public ChannelsResource(Pool pool, TenantStore tenants, CurrentCaller caller) {
        this.pool = pool;
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    public Uni<ChannelsView> get() {
        String tenantId = caller.tenantId();
        return pool.withTransaction(connection -> tenants.ensure(connection, tenantId)).map(ChannelsView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<ChannelsView> put(ChannelsRequest request) {
        BodyFields.body(request,
                "timeZone, senderEmail, senderName, digestHour, emailCap, emailCapDays, csmChannel and webhookFormat");
        String csmChannel = BodyFields.oneOf("csmChannel", request.csmChannel(), TenantChannels.CSM_CHANNELS);
        String csmWebhookUrl = url("csmWebhookUrl", request.csmWebhookUrl());
        if (TenantChannels.WEBHOOK.equals(csmChannel) && csmWebhookUrl == null) {
            throw ProblemException.invalidField("csmWebhookUrl", "required", "must be set when csmChannel is webhook");
        }
        String senderEmail = BodyFields.requiredText("senderEmail", request.senderEmail(), MAX_TEXT);
        if (!senderEmail.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw ProblemException.invalidField("senderEmail", "email", "must be an email address");
        }
        TenantChannels channels = new TenantChannels(zone(request.timeZone()), senderEmail,
                BodyFields.requiredText("senderName", request.senderName(), MAX_TEXT), quietHours(request.quietHours()),
                whole("digestHour", request.digestHour(), 0, 23), whole("emailCap", request.emailCap(), 0, 1000),
                whole("emailCapDays", request.emailCapDays(), 1, 365), csmChannel, csmWebhookUrl,
                url("webhookUrl", request.webhookUrl()),
                BodyFields.oneOf("webhookFormat", request.webhookFormat(), TenantChannels.WEBHOOK_FORMATS));
        String webhookSecret = secret("webhookSecret", request.webhookSecret());
        String inboxSecret = secret("inboxSecret", request.inboxSecret());
        String tenantId = caller.tenantId();
        return pool.withTransaction(connection -> tenants.ensure(connection, tenantId)
                .flatMap(x -> tenants.update(connection, tenantId, channels, webhookSecret, inboxSecret)))
                .map(ChannelsView::of);
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(BodyFields.requiredText("timeZone", value, MAX_TEXT));
        } catch (DateTimeException e) {
            throw ProblemException.invalidField("timeZone", "time-zone", "must be an IANA time zone such as Europe/Berlin");
        }
    }

    private static QuietHours quietHours(QuietHoursView view) {
        if (view == null) {
            return null;
        }
        return new QuietHours(time("quietHours.start", view.start()), time("quietHours.end", view.end()));
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(BodyFields.requiredText(field, value, 8));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "time", "must be a local time as HH:mm or HH:mm:ss, such as 21:00");
        }
    }

    private static int whole(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw ProblemException.invalidField(field, "range", "must be a whole number from " + min + " to " + max);
        }
        return value;
    }

    private static String url(String field, String value) {
        if (value == null) {
            return null;
        }
        BodyFields.requiredText(field, value, MAX_URL);
        try {
            URI uri = URI.create(value);
            if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // the same answer as any other URL we cannot post to
        }
        throw ProblemException.invalidField(field, "url", "must be an absolute http or https URL");
    }

    private static String secret(String field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.length() < MIN_SECRET || value.length() > MAX_TEXT) {
            throw ProblemException.invalidField(field, "length",
                    "must be from " + MIN_SECRET + " to " + MAX_TEXT + " characters, or empty to remove it");
        }
        return value;
    }
}
