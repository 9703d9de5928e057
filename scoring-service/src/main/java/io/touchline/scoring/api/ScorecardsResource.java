package io.touchline.scoring.api;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.application.RescoreJobs;
import io.touchline.scoring.store.RescoreJobStore;
import io.touchline.scoring.store.ScorecardDefinition;
import io.touchline.scoring.store.ScorecardStore;
import io.touchline.web.Problem;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * A tenant's scorecard versions: validate a definition, store it as a new version, activate a
 * version (which re-scores every account under it, with progress at {@code /v1/rescores/{id}}).
 * Reading is for CS ops and admins; changing is for admins.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class ScorecardsResource {

    /** The outcome of a validation that passed. */
    public record Valid(boolean valid) {
    }

    /** A stored version. */
    public record Created(int version) {
    }

    /** An activation and the re-scoring it started. */
    public record Activated(int version, RescoreJobStore.Job rescore) {
    }

    private final CurrentCaller caller;
    private final ScorecardStore scorecards;
    static final int MAX_JOBS = 100;

    private final RescoreJobStore jobs;
    private final RescoreJobs runner;

    public ScorecardsResource(CurrentCaller caller, ScorecardStore scorecards, RescoreJobStore jobs,
            RescoreJobs runner) {
        this.caller = caller;
        this.scorecards = scorecards;
        this.jobs = jobs;
        this.runner = runner;
    }

    @GET
    @Path("/scorecards")
    public Uni<List<ScorecardStore.Version>> list() {
        return scorecards.list(caller.tenantId());
    }

    @GET
    @Path("/scorecards/{version}")
    public Uni<ScorecardStore.Version> get(@PathParam("version") int version) {
        return scorecards.find(caller.tenantId(), version)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No scorecard version " + version));
    }

    /** Checks a definition without storing it: 200 when valid, else 400 naming every field at fault. */
    @POST
    @Path("/scorecards/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @CustomDeserialization(StrictJson.class)
    public Valid validate(ScorecardDefinition definition) {
        check(definition);
        return new Valid(true);
    }

    /** Stores a valid definition as the tenant's next version; it scores nothing until activated. */
    @POST
    @Path("/scorecards")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @CustomDeserialization(StrictJson.class)
    public Uni<RestResponse<Created>> create(ScorecardDefinition definition) {
        check(definition);
        return scorecards.create(caller.tenantId(), definition, "admin key of " + caller.tenantId())
                .map(version -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, new Created(version))
                        .location(URI.create("/v1/scorecards/" + version)).build());
    }

    /**
     * Makes a version the one new events are scored with, and re-scores every account under it
     * (202; follow the {@code Location} for progress).
     */
    @POST
    @Path("/scorecards/{version}/activate")
    @RequiresScope(Scope.ADMIN)
    public Uni<RestResponse<Activated>> activate(@PathParam("version") int version) {
        String tenant = caller.tenantId();
        return scorecards.activate(tenant, version)
                .flatMap(found -> found ? jobs.create(tenant, version)
                        : Uni.createFrom().failure(ProblemException.notFound("No scorecard version " + version)))
                .invoke(job -> runner.wake())
                .map(job -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, new Activated(version, job))
                        .location(URI.create("/v1/rescores/" + job.id())).build());
    }

    /**
     * Re-scores every account of the tenant under its active scorecard, for instance after
     * accounts were replayed or the model changed (202; follow the {@code Location} for progress).
     * While such a job is queued and not yet started, answers with that job rather than queueing
     * another.
     */
    @POST
    @Path("/rescores")
    @RequiresScope(Scope.ADMIN)
    public Uni<RestResponse<RescoreJobStore.Job>> rescoreAll() {
        String tenant = caller.tenantId();
        return scorecards.activeVersion(tenant)
                .flatMap(version -> jobs.create(tenant, version))
                .invoke(job -> runner.wake())
                .map(job -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, job)
                        .location(URI.create("/v1/rescores/" + job.id())).build());
    }

    /** The tenant's re-scoring jobs with their progress, newest first. */
    @GET
    @Path("/rescores")
    public Uni<List<RescoreJobStore.Job>> rescores(@QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 20, 1, MAX_JOBS);
        return jobs.list(caller.tenantId(), limit);
    }

    @GET
    @Path("/rescores/{id}")
    public Uni<RescoreJobStore.Job> rescore(@PathParam("id") long id) {
        return jobs.find(caller.tenantId(), id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No re-scoring " + id));
    }

    private static void check(ScorecardDefinition definition) {
        if (definition == null) {
            throw ProblemException.invalid("The body must be a scorecard definition",
                    new Problem.FieldError("body", "required", "must be a JSON object"));
        }
        var validation = definition.validate(0);
        if (!validation.valid()) {
            throw ProblemException.invalid("The scorecard is not valid",
                    validation.errors().toArray(new Problem.FieldError[0]));
        }
    }
}
