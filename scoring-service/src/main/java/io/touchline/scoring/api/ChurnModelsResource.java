package io.touchline.scoring.api;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.application.ChurnTraining;
import io.touchline.scoring.domain.model.ChurnModel;
import io.touchline.scoring.store.ChurnModelStore;
import io.touchline.web.ProblemException;
import io.touchline.web.StrictJson;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * The tenant's churn models: every training run with its coefficients and held-out figures,
 * training on demand, and activation by hand (docs/scoring-model.md).
 */
@Path("/v1/churn-models")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class ChurnModelsResource {

    /**
     * The active model and every run.
     *
     * @param activeVersion 0 while the built-in priors are active
     * @param why why the active model is the active one
     */
    public record Overview(int activeVersion, String why, List<ChurnModelStore.Version> versions) {
    }

    /** Options of a training run; the body may be left out. */
    public record TrainRequest(Double targetPrecision) {
    }

    private final CurrentCaller caller;
    private final ChurnModelStore models;
    private final ChurnTraining training;

    public ChurnModelsResource(CurrentCaller caller, ChurnModelStore models, ChurnTraining training) {
        this.caller = caller;
        this.models = models;
        this.training = training;
    }

    @GET
    public Uni<Overview> list() {
        return models.list(caller.tenantId()).map(versions -> {
            ChurnModelStore.Version active = versions.stream().filter(ChurnModelStore.Version::active).findFirst()
                    .orElse(null);
            if (active != null) {
                return new Overview(active.version(), active.activatedAt() != null && active.trainedBy() != null
                        ? "Version " + active.version() + " is active: " + active.reason()
                        : "Version " + active.version() + " is active", versions);
            }
            String why = versions.isEmpty()
                    ? "No model trained yet: the built-in priors are active"
                    : "The built-in priors are active; the latest run (version " + versions.get(0).version() + "): "
                            + versions.get(0).reason();
            return new Overview(ChurnModel.PRIORS, why, versions);
        });
    }

    @GET
    @Path("/{version}")
    public Uni<ChurnModelStore.Version> get(@PathParam("version") int version) {
        return models.find(caller.tenantId(), version)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No churn model version " + version));
    }

    /**
     * Trains a model now on the tenant's observations and outcomes (201 with the new version). It
     * is activated only when it beats the active model and both baselines on held-out AUC.
     */
    @POST
    @Path("/train")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @RequiresScope(Scope.ADMIN)
    public Uni<RestResponse<ChurnModelStore.Version>> train(TrainRequest request) {
        Double target = request == null ? null : request.targetPrecision();
        if (target != null && (target.isNaN() || target <= 0 || target > 1)) {
            throw ProblemException.invalidField("targetPrecision", "range", "must be a number above 0 and at most 1");
        }
        return training.train(caller.tenantId(), "admin key of " + caller.tenantId(), target)
                .map(version -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, version)
                        .location(URI.create("/v1/churn-models/" + version.version())).build());
    }

    /** Activates a fitted version by hand (0: back to the built-in priors) and re-scores every account. */
    @POST
    @Path("/{version}/activate")
    @RequiresScope(Scope.ADMIN)
    public Uni<Overview> activate(@PathParam("version") int version) {
        return training.activate(caller.tenantId(), version)
                .flatMap(found -> found ? list()
                        : Uni.createFrom().failure(ProblemException.notFound("No fitted churn model version " + version)));
    }
}
