package io.touchline.ingest.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.store.RejectionStore;
import io.touchline.ingest.store.RejectionStore.StoredRejection;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * Rejected events of the caller's tenant, newest first, so nothing refused goes unnoticed. Ops
 * and admin keys only: write keys are public in apps, and rejected events hold users' data.
 */
@Path("/v1/rejections")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class RejectionsResource {

    static final int MAX_LIMIT = 500;

    /** A page of rejections; pass {@code next} as {@code before} for the following page. */
    public record Page(List<StoredRejection> rejections, Long next) {
    }

    private final RejectionStore store;
    private final CurrentCaller caller;

    public RejectionsResource(RejectionStore store, CurrentCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    @GET
    public Uni<Page> list(@QueryParam("limit") String limitParam, @QueryParam("before") String beforeParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 100, 1, MAX_LIMIT);
        Long before = QueryParams.optionalLong("before", beforeParam);
        return store.list(caller.tenantId(), before, limit)
                .map(page -> new Page(page, page.size() == limit ? page.get(page.size() - 1).id() : null));
    }
}
