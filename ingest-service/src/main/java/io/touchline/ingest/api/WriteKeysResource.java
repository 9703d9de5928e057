package io.touchline.ingest.api;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.KeyPolicy;
import io.touchline.ingest.store.WriteKeyStore;
import io.touchline.ingest.store.WriteKeyStore.WriteKey;
import io.touchline.web.ProblemException;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/**
 * Admins create, list, change and revoke their tenant's write keys (keys with scope
 * {@code ingest}). A key with allowed origins is a browser key ({@link KeyPolicy}); without, a
 * server key that browsers cannot use.
 */
@Path("/v1/write-keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class WriteKeysResource {

    static final int MAX_LABEL = 200;

    /**
     * A new key.
     *
     * @param label what it is for, e.g. "web app production"
     * @param allowedOrigins the page origins browsers may send it from, e.g. {@code https://app.example.com}
     * @param allowedTraits the protected account traits it may set anyway (browser keys only)
     */
    public record NewKey(String label, List<String> allowedOrigins, List<String> allowedTraits) {
    }

    /** A change to a key; a field left out stays as it is. */
    public record KeyChange(List<String> allowedOrigins, List<String> allowedTraits) {
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
        List<String> origins = origins(request.allowedOrigins());
        List<String> traits = traits(request.allowedTraits());
        return store.create(caller.tenantId(), request.label().trim(), origins == null ? List.of() : origins,
                traits == null ? List.of() : traits)
                .map(created -> Response.status(201).entity(created).build());
    }

    /** Changes which origins and protected traits a key allows; effective at once. */
    @PATCH
    @Path("/{id}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    public Uni<WriteKey> change(@PathParam("id") String id, KeyChange change) {
        if (change == null) {
            throw ProblemException.invalid("Send the fields to change: allowedOrigins, allowedTraits");
        }
        return store.update(caller.tenantId(), id, origins(change.allowedOrigins()), traits(change.allowedTraits()))
                .map(changed -> {
                    if (changed == null) {
                        throw ProblemException.notFound("No active write key '" + id + "' in this tenant");
                    }
                    return changed;
                });
    }

    private static List<String> origins(List<String> requested) {
        if (requested == null) {
            return null;
        }
        if (requested.size() > KeyPolicy.MAX_ORIGINS) {
            throw ProblemException.invalidField("allowedOrigins", "max-items",
                    "at most " + KeyPolicy.MAX_ORIGINS + " origins");
        }
        Set<String> origins = new TreeSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String field = "allowedOrigins[" + i + "]";
            origins.add(KeyPolicy.normalizeOrigin(requested.get(i)).orElseThrow(() -> ProblemException.invalidField(
                    field, "origin", "must be an origin such as https://app.example.com: http or https, a host "
                            + "and an optional port, no path")));
        }
        return List.copyOf(origins);
    }

    private static List<String> traits(List<String> requested) {
        if (requested == null) {
            return null;
        }
        Set<String> traits = new TreeSet<>();
        for (int i = 0; i < requested.size(); i++) {
            if (requested.get(i) == null || !KeyPolicy.PROTECTED_TRAITS.contains(requested.get(i))) {
                throw ProblemException.invalidField("allowedTraits[" + i + "]", "one-of",
                        "must be one of the protected account traits " + new TreeSet<>(KeyPolicy.PROTECTED_TRAITS));
            }
            traits.add(requested.get(i));
        }
        return List.copyOf(traits);
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
