package io.touchline.playbook.api;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.playbook.application.PlaybookLibrary;
import io.touchline.playbook.domain.TenantSettings;
import io.touchline.playbook.store.TenantStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * The tenant's playbook settings: the time zone business days are counted in, the team queue
 * owning tasks of accounts without a CSM per tier, and the fallback owner.
 */
@Path("/v1/playbook-settings")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class SettingsResource {

    static final int MAX_OWNER = 200;

    /** The settings as JSON. */
    public record SettingsView(String timeZone, Map<String, String> queues, String fallbackOwner) {

        static SettingsView of(TenantStore.Tenant tenant) {
            TenantSettings s = tenant.settings();
            return new SettingsView(s.timeZone().getId(), new java.util.TreeMap<>(s.queues()), s.fallbackOwner());
        }
    }

    private final CurrentCaller caller;
    private final PlaybookLibrary library;

    public SettingsResource(CurrentCaller caller, PlaybookLibrary library) {
        this.caller = caller;
        this.library = library;
    }

    @GET
    public Uni<SettingsView> get() {
        return library.of(caller.tenantId()).map(tenant -> SettingsView.of(tenant.tenant()));
    }

    /** Replaces the settings; tasks created from then on use them. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @RequiresScope(Scope.ADMIN)
    public Uni<SettingsView> put(SettingsView request) {
        BodyFields.body(request, "timeZone, queues and fallbackOwner");
        ZoneId zone;
        try {
            zone = ZoneId.of(BodyFields.requiredText("timeZone", request.timeZone(), MAX_OWNER));
        } catch (DateTimeException e) {
            throw ProblemException.invalidField("timeZone", "time-zone", "must be an IANA time zone such as Asia/Tokyo");
        }
        Map<String, String> queues = request.queues() == null ? Map.of() : request.queues();
        queues.forEach((tier, queue) -> {
            BodyFields.oneOf("queues", tier, HealthSignal.TIERS);
            BodyFields.requiredText("queues." + tier, queue, MAX_OWNER);
        });
        TenantSettings settings = new TenantSettings(zone, queues,
                BodyFields.requiredText("fallbackOwner", request.fallbackOwner(), MAX_OWNER));
        return library.updateSettings(caller.tenantId(), settings).map(SettingsView::of);
    }
}
