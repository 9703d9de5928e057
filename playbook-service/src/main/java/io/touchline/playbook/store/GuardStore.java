package io.touchline.playbook.store;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Instants;
import io.touchline.messaging.Sql;
import io.touchline.playbook.domain.GuardState;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** What each playbook's guard rails remember of each account, read and written in the deciding transaction. */
@ApplicationScoped
public class GuardStore {

    /** Whose guard state: one playbook's of one account. */
    public record Key(String tenantId, String accountId, String playbookId) {
    }

    /** Locks and reads the states that exist among these keys. */
    public Uni<Map<Key, GuardState>> lock(SqlConnection connection, Collection<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return connection.preparedQuery("""
                select g.* from playbook_guard g
                join unnest($1::text[], $2::text[], $3::text[]) as k(t, a, p)
                  on g.tenant_id = k.t and g.account_id = k.a and g.playbook_id = k.p
                order by g.tenant_id, g.account_id, g.playbook_id for update of g""")
                .execute(Tuple.of(keys.stream().map(Key::tenantId).toArray(String[]::new),
                        keys.stream().map(Key::accountId).toArray(String[]::new),
                        keys.stream().map(Key::playbookId).toArray(String[]::new)))
                .map(rows -> {
                    Map<Key, GuardState> result = new HashMap<>();
                    for (Row row : rows) {
                        result.put(new Key(row.getString("tenant_id"), row.getString("account_id"),
                                row.getString("playbook_id")),
                                new GuardState(Sql.instant(row, "last_fired_at"), row.getString("open_task_id"),
                                        Sql.instants(row, "message_times")));
                    }
                    return result;
                });
    }

    public Uni<Void> save(SqlConnection connection, Map<Key, GuardState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = states.size();
        String[] tenants = new String[n];
        String[] accounts = new String[n];
        String[] playbooks = new String[n];
        OffsetDateTime[] fired = new OffsetDateTime[n];
        String[] tasks = new String[n];
        // One text per row (arrays of arrays must be rectangular): instants joined by commas.
        String[] times = new String[n];
        int i = 0;
        for (Map.Entry<Key, GuardState> entry : states.entrySet()) {
            tenants[i] = entry.getKey().tenantId();
            accounts[i] = entry.getKey().accountId();
            playbooks[i] = entry.getKey().playbookId();
            fired[i] = Sql.time(entry.getValue().lastFiredAt());
            tasks[i] = entry.getValue().openTaskId();
            times[i] = entry.getValue().messageTimes().stream().map(Instants::format).collect(Collectors.joining(","));
            i++;
        }
        return connection
                .preparedQuery(
                        """
                                insert into playbook_guard (tenant_id, account_id, playbook_id, last_fired_at, open_task_id, message_times)
                                select t, a, p, f, o, case when m = '' then '{}'::timestamptz[] else string_to_array(m, ',')::timestamptz[] end
                                from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) as u(t, a, p, f, o, m)
                                on conflict (tenant_id, account_id, playbook_id) do update set last_fired_at = excluded.last_fired_at,
                                    open_task_id = excluded.open_task_id, message_times = excluded.message_times""")
                .execute(Tuple.tuple(List.of(tenants, accounts, playbooks, fired, tasks, times)))
                .replaceWithVoid();
    }

    /** The playbook's task for the account is closed: its next one may be created. */
    public Uni<Void> taskClosed(SqlConnection connection, Key key, String taskId) {
        return connection.preparedQuery("""
                update playbook_guard set open_task_id = null
                where tenant_id = $1 and account_id = $2 and playbook_id = $3 and open_task_id = $4""")
                .execute(Tuple.of(key.tenantId(), key.accountId(), key.playbookId(), taskId))
                .replaceWithVoid();
    }

}
