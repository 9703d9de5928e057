package io.touchline.playbook.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.playbook.domain.Playbook;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Playbook versions. Every write adds a version; the highest is the current one, and a deleted
 * playbook's highest version has state {@code deleted}.
 */
@ApplicationScoped
public class PlaybookStore {

    static final String DELETED = "deleted";

    /** One stored version. */
    public record Version(Playbook playbook, boolean deleted, Instant createdAt) {
    }

    private final ObjectMapper mapper;

    public PlaybookStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The current version of each playbook of these tenants that is not deleted, by tenant, ordered by id. */
    public Uni<Map<String, List<Version>>> current(SqlClient client, Collection<String> tenantIds) {
        return client.preparedQuery("""
                select * from (
                    select distinct on (tenant_id, id) * from playbook where tenant_id = any($1)
                    order by tenant_id, id, version desc) p
                where state <> 'deleted' order by tenant_id, id""")
                .execute(Tuple.of(tenantIds.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<Version>> result = new HashMap<>();
                    for (Row row : rows) {
                        result.computeIfAbsent(row.getString("tenant_id"), t -> new ArrayList<>()).add(read(row));
                    }
                    return result;
                });
    }

    /** A version of a playbook, or its current one when {@code version} is null; null when there is none. */
    public Uni<Version> find(SqlClient client, String tenantId, String id, Integer version) {
        return client.preparedQuery("""
                select * from playbook where tenant_id = $1 and id = $2 and ($3::int is null or version = $3)
                order by version desc limit 1""")
                .execute(Tuple.of(tenantId, id, version))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /** Every version of a playbook, newest first. */
    public Uni<List<Version>> versions(SqlClient client, String tenantId, String id) {
        return client.preparedQuery("select * from playbook where tenant_id = $1 and id = $2 order by version desc")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> Sql.list(rows, this::read));
    }

    /** Adds versions; the caller holds the tenant's lock ({@link TenantStore#lockForChange}) or creates the tenant. */
    public Uni<Void> add(SqlConnection connection, String tenantId, List<Playbook> playbooks) {
        return add(connection, tenantId, playbooks, false);
    }

    /** Adds a version marking the playbook deleted: its last definition, with state {@code deleted}. */
    public Uni<Void> addDeleted(SqlConnection connection, String tenantId, Playbook playbook) {
        return add(connection, tenantId, List.of(playbook), true);
    }

    private Uni<Void> add(SqlConnection connection, String tenantId, List<Playbook> playbooks, boolean deleted) {
        int n = playbooks.size();
        String[] ids = new String[n];
        Integer[] versions = new Integer[n];
        String[] states = new String[n];
        String[] definitions = new String[n];
        for (int i = 0; i < n; i++) {
            Playbook p = playbooks.get(i);
            ids[i] = p.id();
            versions[i] = p.version();
            states[i] = deleted ? DELETED : io.touchline.playbook.domain.Wire.name(p.state());
            definitions[i] = json(PlaybookDefinition.of(p));
        }
        return connection.preparedQuery("""
                insert into playbook (tenant_id, id, version, state, definition, created_at)
                select $1, i, v, s, d, now() from unnest($2::text[], $3::int[], $4::text[], $5::text[]) as u(i, v, s, d)""")
                .execute(Tuple.of(tenantId, ids, versions, states, definitions))
                .replaceWithVoid();
    }

    private Version read(Row row) {
        try {
            PlaybookDefinition definition = mapper.readValue(row.getString("definition"), PlaybookDefinition.class);
            PlaybookDefinition.Parsed parsed = definition.parse(row.getString("id"), row.getInteger("version"));
            if (!parsed.valid()) {
                throw new IllegalStateException("stored playbook " + row.getString("id") + " breaks " + parsed.errors());
            }
            return new Version(parsed.playbook(), DELETED.equals(row.getString("state")), Sql.instant(row, "created_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("definitions are written by this class", e);
        }
    }

    private String json(PlaybookDefinition definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a definition is plain data", e);
        }
    }
}
