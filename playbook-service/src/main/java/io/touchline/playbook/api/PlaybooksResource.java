package io.touchline.playbook.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.playbook.application.PlaybookLibrary;
import io.touchline.playbook.application.Simulator;
import io.touchline.playbook.config.PlaybookConfig;
import io.touchline.playbook.domain.Simulation;
import io.touchline.playbook.store.PlaybookDefinition;
import io.touchline.playbook.store.PlaybookStore;
import io.touchline.web.BodyFields;
import io.touchline.web.ETags;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * A tenant's playbooks: list and read them (CS ops), write them (admins), and simulate one over
 * the signal history of a date range before enabling it. Every write stores a new version; the
 * version is the ETag, and a write with {@code If-Match} fails with 412 when another came first.
 */
@Path("/v1/playbooks")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class PlaybooksResource {

    static final int MAX_ACCOUNTS = 1000;

    /** One version of a playbook, every default written out. */
    public record PlaybookView(String id, int version, String name, String state,
            PlaybookDefinition.TriggerDefinition trigger, List<PlaybookDefinition.ActionDefinition> actions,
            PlaybookDefinition.GuardRailsDefinition guardRails, Instant createdAt) {

        static PlaybookView of(PlaybookStore.Version v) {
            PlaybookDefinition d = PlaybookDefinition.of(v.playbook());
            return new PlaybookView(d.id(), v.playbook().version(), d.name(), v.deleted() ? "deleted" : d.state(),
                    d.trigger(), d.actions(), d.guardRails(), v.createdAt());
        }
    }

    /**
     * What to simulate.
     *
     * @param from the range's start (inclusive), by signal time
     * @param to its end (exclusive)
     * @param version the stored version to simulate; the current one when left out
     * @param tasksCompletedAtDue count each simulated task as completed on its due date, rather
     *        than open until the range ends
     * @param accounts how many accounts to list at most (100 when left out)
     */
    public record SimulationRequest(Instant from, Instant to, Integer version, Boolean tasksCompletedAtDue,
            Integer accounts) {
    }

    /** A simulation's answer, with what it simulated. */
    public record SimulationView(String playbookId, int version, Instant from, Instant to, boolean tasksCompletedAtDue,
            Simulation.Report result) {
    }

    private final CurrentCaller caller;
    private final PlaybookLibrary library;
    private final Simulator simulator;
    private final PlaybookConfig config;

    public PlaybooksResource(CurrentCaller caller, PlaybookLibrary library, Simulator simulator, PlaybookConfig config) {
        this.caller = caller;
        this.library = library;
        this.simulator = simulator;
        this.config = config;
    }

    /** The tenant's playbooks, current versions, by id. */
    @GET
    public Uni<List<PlaybookView>> list() {
        return library.of(caller.tenantId()).map(tenant -> tenant.playbooks().stream().map(PlaybookView::of).toList());
    }

    /** One playbook: its current version, or the one asked for. */
    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id, @QueryParam("version") String versionParam) {
        Integer version = versionParam == null ? null
                : QueryParams.wholeNumber("version", versionParam, 1, 1, Integer.MAX_VALUE);
        return library.find(caller.tenantId(), id, version).map(PlaybooksResource::response);
    }

    /** Every version of a playbook, newest first. */
    @GET
    @Path("/{id}/versions")
    public Uni<List<PlaybookView>> versions(@PathParam("id") String id) {
        return library.versions(caller.tenantId(), id).map(all -> all.stream().map(PlaybookView::of).toList());
    }

    /** Creates a playbook; its id comes from the body, else from its name. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @RequiresScope(Scope.ADMIN)
    public Uni<Response> create(PlaybookDefinition definition) {
        PlaybookDefinition body = BodyFields.body(definition, "name, trigger and actions");
        String id = body.id() != null ? body.id() : slug(body.name());
        checkId(id);
        return library.create(caller.tenantId(), parse(body, id)).map(created -> Response
                .created(URI.create("/v1/playbooks/" + id)).entity(PlaybookView.of(created))
                .header(HttpHeaders.ETAG, ETags.of(created.playbook().version())).build());
    }

    /** Stores the next version of a playbook. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @RequiresScope(Scope.ADMIN)
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            PlaybookDefinition definition) {
        PlaybookDefinition body = BodyFields.body(definition, "name, trigger and actions");
        if (body.id() != null && !body.id().equals(id)) {
            throw ProblemException.invalidField("id", "matches-path", "must be the path's id '" + id + "', or left out");
        }
        return library.update(caller.tenantId(), parse(body, id), ifMatch).map(PlaybooksResource::response);
    }

    /** Deletes a playbook: it acts no more; its versions, and the tasks they made, stay. */
    @DELETE
    @Path("/{id}")
    @RequiresScope(Scope.ADMIN)
    public Uni<Void> delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return library.delete(caller.tenantId(), id, ifMatch);
    }

    /**
     * What the playbook would have done over the signals of a date range: tasks and messages per
     * tier, per week and per account, its guard rails applied as they would have been.
     */
    @POST
    @Path("/{id}/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Uni<SimulationView> simulate(@PathParam("id") String id, SimulationRequest request) {
        if (request == null || request.from() == null) {
            throw ProblemException.invalidField("from", "required", "must be an ISO-8601 instant");
        }
        if (request.to() == null) {
            throw ProblemException.invalidField("to", "required", "must be an ISO-8601 instant");
        }
        if (!request.from().isBefore(request.to())) {
            throw ProblemException.invalidField("to", "order", "must be after 'from'");
        }
        Duration max = config.maxSimulationRange();
        if (Duration.between(request.from(), request.to()).compareTo(max) > 0) {
            throw ProblemException.invalidField("to", "range", "must be at most " + max.toDays() + " days after 'from'");
        }
        int accounts = request.accounts() == null ? 100 : request.accounts();
        if (accounts < 0 || accounts > MAX_ACCOUNTS) {
            throw ProblemException.invalidField("accounts", "range", "must be from 0 to " + MAX_ACCOUNTS);
        }
        boolean atDue = Boolean.TRUE.equals(request.tasksCompletedAtDue());
        String tenantId = caller.tenantId();
        return library.find(tenantId, id, request.version()).flatMap(version -> library.of(tenantId)
                .flatMap(tenant -> simulator.simulate(tenantId, version.playbook(), tenant.tenant().settings(),
                        request.from(), request.to(), atDue, accounts))
                .map(report -> new SimulationView(id, version.playbook().version(), request.from(), request.to(), atDue,
                        report)));
    }

    private static io.touchline.playbook.domain.Playbook parse(PlaybookDefinition body, String id) {
        PlaybookDefinition.Parsed parsed = body.parse(id, 1);
        if (!parsed.valid()) {
            throw ProblemException.invalid("The playbook breaks " + parsed.errors().size()
                    + (parsed.errors().size() == 1 ? " rule" : " rules"),
                    parsed.errors().toArray(new Problem.FieldError[0]));
        }
        return parsed.playbook();
    }

    private static void checkId(String id) {
        if (id == null || !PlaybookDefinition.ID.matcher(id).matches()) {
            throw ProblemException.invalidField("id", "pattern",
                    "must be 1-64 lower-case letters, digits and hyphens, starting with a letter or digit");
        }
    }

    /** An id from a name: "Health turns red (VIP)" is health-turns-red-vip. */
    static String slug(String name) {
        if (name == null) {
            return null;
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.length() > 64 ? slug.substring(0, 64).replaceAll("-+$", "") : slug;
    }

    private static Response response(PlaybookStore.Version version) {
        return Response.ok(PlaybookView.of(version)).header(HttpHeaders.ETAG, ETags.of(version.playbook().version()))
                .build();
    }
}
