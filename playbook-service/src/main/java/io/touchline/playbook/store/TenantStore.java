package io.touchline.playbook.store;

import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.playbook.domain.TenantSettings;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Tenants as playbook-service knows them: their settings and the revision of their playbooks. */
@ApplicationScoped
public class TenantStore {

    /**
     * @param revision bumped by every change of the tenant's playbooks or settings
     */
    public record Tenant(String tenantId, TenantSettings settings, long revision) {
    }

    private final ObjectMapper mapper;

    public TenantStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Creates the tenants not known yet, with the default settings; returns the ones this call
     * created (a tenant another transaction creates at the same moment is not among them).
     */
    public Uni<List<String>> createMissing(SqlConnection connection, Collection<String> tenantIds) {
        TenantSettings defaults = TenantSettings.DEFAULT;
        return connection.preparedQuery("""
                insert into playbook_tenant (tenant_id, time_zone, queues, fallback_owner, revision, created_at)
                select t, $2, $3, $4, 1, now() from unnest($1::text[]) as t
                on conflict do nothing returning tenant_id""")
                .execute(Tuple.of(tenantIds.toArray(new String[0]), defaults.timeZone().getId(), json(defaults.queues()),
                        defaults.fallbackOwner()))
                .map(rows -> Sql.list(rows, row -> row.getString(0)));
    }

    /** The tenants among these ids. */
    public Uni<Map<String, Tenant>> read(SqlClient client, Collection<String> tenantIds) {
        return client.preparedQuery("select * from playbook_tenant where tenant_id = any($1)")
                .execute(Tuple.of(tenantIds.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Tenant> result = new HashMap<>();
                    for (Row row : rows) {
                        Tenant tenant = read(row);
                        result.put(tenant.tenantId(), tenant);
                    }
                    return result;
                });
    }

    /** Locks the tenant's row for a change of its playbooks or settings, and bumps its revision. */
    public Uni<Tenant> lockForChange(SqlConnection connection, String tenantId) {
        return connection.preparedQuery("""
                update playbook_tenant set revision = revision + 1 where tenant_id = $1 returning *""")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    public Uni<Tenant> updateSettings(SqlConnection connection, String tenantId, TenantSettings settings) {
        return connection.preparedQuery("""
                update playbook_tenant set time_zone = $2, queues = $3, fallback_owner = $4, revision = revision + 1
                where tenant_id = $1 returning *""")
                .execute(Tuple.of(tenantId, settings.timeZone().getId(), json(settings.queues()), settings.fallbackOwner()))
                .map(rows -> read(rows.iterator().next()));
    }

    private Tenant read(Row row) {
        try {
            Map<String, String> queues = mapper.readValue(row.getString("queues"), new TypeReference<Map<String, String>>() {
            });
            return new Tenant(row.getString("tenant_id"), new TenantSettings(ZoneId.of(row.getString("time_zone")), queues,
                    row.getString("fallback_owner")), row.getLong("revision"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queues are written by this class", e);
        }
    }

    private String json(Map<String, String> queues) {
        try {
            return mapper.writeValueAsString(new java.util.TreeMap<>(queues));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is JSON", e);
        }
    }
}
