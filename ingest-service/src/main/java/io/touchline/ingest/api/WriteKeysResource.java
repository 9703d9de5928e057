package io.touchline.ingest.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.store.WriteKeyStore;
import io.touchline.ingest.store.WriteKeyStore.WriteKey;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** Admins create, list and revoke their tenant's write keys (keys with scope {@code ingest}). */
@Path("/v1/write-keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class WriteKeysResource {

    static final int MAX_LABEL = 200;

    /** What a new key is for, e.g. "web app production". */
    public record NewKey(String label) {
    }

    private final WriteKeyStore store;
    private final CurrentCaller caller;

    public WriteKeysResource(WriteKeyStore store, CurrentCaller caller) {
        this.store = store;
        this.caller = caller;
    }

    /** Creates a key; the answer is the only place its secret ever appears. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(NewKey request) {
        if (request == null || request.label() == null || request.label().isBlank()) {
            throw ProblemException.invalidField("label", "required", "say what the key is for");
        }
        if (request.label().length() > MAX_LABEL) {
            throw ProblemException.invalidField("label", "max-length", "must be at most " + MAX_LABEL + " characters");
        }
        return store.create(caller.tenantId(), request.label().trim())
                .map(created -> Response.status(201).entity(created).build());
    }

    @GET
    public Uni<List<WriteKey>> list() {
        return store.list(caller.tenantId());
    }

    /** Revokes a key at once; requests with it get 401 from then on. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return store.revoke(caller.tenantId(), id).map(revoked -> {
            if (!revoked) {
                throw ProblemException.notFound("No active write key '" + id + "' in this tenant");
            }
            return Response.noContent().build();
        });
    }
}
