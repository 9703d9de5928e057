package io.touchline.playbook.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.playbook.domain.DefaultPlaybooks;
import io.touchline.playbook.domain.Playbook;
import io.touchline.playbook.domain.TenantSettings;
import io.touchline.playbook.store.PlaybookStore;
import io.touchline.playbook.store.TenantStore;
import io.touchline.web.ETags;
import io.touchline.web.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Each tenant's playbooks and settings. A tenant seen for the first time (by a signal or a
 * request) gets the default library. Signals are decided against a copy kept in memory per
 * tenant, read again whenever the tenant's revision, which every change bumps in its
 * transaction, differs from the copy's: a change made on any instance counts from the next poll.
 */
@ApplicationScoped
public class PlaybookLibrary {

    /** A tenant's settings and its current playbooks (deleted ones left out), ordered by id. */
    public record TenantPlaybooks(TenantStore.Tenant tenant, List<PlaybookStore.Version> playbooks) {
    }

    private final Pool pool;
    private final TenantStore tenants;
    private final PlaybookStore playbooks;
    // One entry per tenant seen: its settings and about 20 playbooks of a kilobyte or two.
    private final Map<String, TenantPlaybooks> cache = new ConcurrentHashMap<>();

    public PlaybookLibrary(Pool pool, TenantStore tenants, PlaybookStore playbooks) {
        this.pool = pool;
        this.tenants = tenants;
        this.playbooks = playbooks;
    }

    /**
     * In the caller's transaction: these tenants' playbooks, creating the tenants not seen yet
     * (one known to this instance exists: tenants are never deleted).
     */
    public Uni<Map<String, TenantPlaybooks>> of(SqlConnection connection, Collection<String> tenantIds) {
        List<String> unseen = tenantIds.stream().filter(id -> !cache.containsKey(id)).toList();
        Uni<Void> created = unseen.isEmpty() ? Uni.createFrom().voidItem()
                : tenants.createMissing(connection, unseen)
                        .flatMap(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem() : seed(connection, fresh));
        return created.flatMap(x -> tenants.read(connection, tenantIds))
                .flatMap(known -> {
                    List<String> stale = new ArrayList<>();
                    for (TenantStore.Tenant tenant : known.values()) {
                        TenantPlaybooks cached = cache.get(tenant.tenantId());
                        if (cached == null || cached.tenant().revision() != tenant.revision()) {
                            stale.add(tenant.tenantId());
                        }
                    }
                    if (stale.isEmpty()) {
                        return Uni.createFrom().item(cached(tenantIds));
                    }
                    return playbooks.current(connection, stale).map(current -> {
                        for (String tenantId : stale) {
                            cache.put(tenantId, new TenantPlaybooks(known.get(tenantId),
                                    List.copyOf(current.getOrDefault(tenantId, List.of()))));
                        }
                        return cached(tenantIds);
                    });
                });
    }

    /** One tenant's playbooks, creating the tenant when not seen yet. */
    public Uni<TenantPlaybooks> of(String tenantId) {
        return pool.withTransaction(connection -> of(connection, Set.of(tenantId))).map(all -> all.get(tenantId));
    }

    /**
     * A version of a playbook, or its current one when {@code version} is null; 404 when there is
     * none, or when the current one is deleted (its versions stay readable by number).
     */
    public Uni<PlaybookStore.Version> find(String tenantId, String id, Integer version) {
        return of(tenantId).flatMap(x -> playbooks.find(pool, tenantId, id, version))
                .invoke(found -> {
                    if (found == null || version == null && found.deleted()) {
                        throw notFound(id, version);
                    }
                });
    }

    public Uni<List<PlaybookStore.Version>> versions(String tenantId, String id) {
        return of(tenantId).flatMap(x -> playbooks.versions(pool, tenantId, id)).invoke(found -> {
            if (found.isEmpty()) {
                throw notFound(id, null);
            }
        });
    }

    /**
     * Stores a new playbook as version 1 (or after the versions of a deleted one of the same id); 409 when the id is in use.
     */
    public Uni<PlaybookStore.Version> create(String tenantId, Playbook playbook) {
        return change(tenantId, playbook.id(), null, true, (connection, current) -> {
            if (current != null && !current.deleted()) {
                throw ProblemException.conflict("A playbook with id '" + playbook.id() + "' exists; change it with PUT");
            }
            Playbook first = withVersion(playbook, current == null ? 1 : current.playbook().version() + 1);
            return playbooks.add(connection, tenantId, List.of(first)).replaceWith(first);
        });
    }

    /** Stores the next version of an existing playbook; 404 when none, 412 when {@code ifMatch} is stale. */
    public Uni<PlaybookStore.Version> update(String tenantId, Playbook playbook, String ifMatch) {
        return change(tenantId, playbook.id(), ifMatch, false, (connection, current) -> {
            Playbook next = withVersion(playbook, current.playbook().version() + 1);
            return playbooks.add(connection, tenantId, List.of(next)).replaceWith(next);
        });
    }

    /** Marks the playbook deleted: it stops acting; its versions and the tasks they made stay. */
    public Uni<Void> delete(String tenantId, String id, String ifMatch) {
        return change(tenantId, id, ifMatch, false, (connection, current) -> {
            Playbook tombstone = withVersion(current.playbook(), current.playbook().version() + 1);
            return playbooks.addDeleted(connection, tenantId, tombstone).replaceWith(tombstone);
        }).replaceWithVoid();
    }

    public Uni<TenantStore.Tenant> updateSettings(String tenantId, TenantSettings settings) {
        return pool.withTransaction(connection -> of(connection, Set.of(tenantId))
                .flatMap(x -> tenants.updateSettings(connection, tenantId, settings)));
    }

    private interface Change {
        Uni<Playbook> apply(SqlConnection connection, PlaybookStore.Version current);
    }

    /**
     * Runs a change of one playbook under the tenant's lock (so versions never collide), with the
     * current version as it is then. Updates and deletes need a current, not deleted, version.
     */
    private Uni<PlaybookStore.Version> change(String tenantId, String id, String ifMatch, boolean creating,
            Change change) {
        return pool.withTransaction(connection -> of(connection, Set.of(tenantId))
                .flatMap(x -> tenants.lockForChange(connection, tenantId))
                .flatMap(x -> playbooks.find(connection, tenantId, id, null))
                .flatMap(current -> {
                    if (!creating && (current == null || current.deleted())) {
                        throw notFound(id, null);
                    }
                    if (current != null && !current.deleted()) {
                        ETags.check(ifMatch, current.playbook().version());
                    }
                    return change.apply(connection, current);
                }))
                .flatMap(written -> playbooks.find(pool, tenantId, written.id(), written.version()));
    }

    private Map<String, TenantPlaybooks> cached(Collection<String> tenantIds) {
        Map<String, TenantPlaybooks> result = new HashMap<>();
        for (String tenantId : tenantIds) {
            result.put(tenantId, cache.get(tenantId));
        }
        return result;
    }

    private Uni<Void> seed(SqlConnection connection, List<String> created) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String tenantId : created) {
            all = all.flatMap(x -> playbooks.add(connection, tenantId, DefaultPlaybooks.library()));
        }
        return all;
    }

    private static Playbook withVersion(Playbook p, int version) {
        return new Playbook(p.id(), version, p.name(), p.state(), p.trigger(), p.actions(), p.guardRails());
    }

    private static ProblemException notFound(String id, Integer version) {
        return ProblemException.notFound(version == null ? "No playbook '" + id + "' in this tenant"
                : "Playbook '" + id + "' has no version " + version);
    }
}
