package io.touchline.playbook.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Every change of every task, its creation included: the audit trail and the account timeline. */
@ApplicationScoped
public class TaskChangeStore {

    /**
     * One change.
     *
     * @param version the task's version it made
     * @param change {@code created}, {@code acknowledged}, {@code completed}, {@code snoozed},
     *        {@code reassigned}, {@code dismissed} or {@code woken}
     * @param status the task's status after it
     * @param owner the task's owner after it
     * @param actor who made it, when the caller said
     * @param detail the outcome, the reason, the snooze's end or the new owner
     */
    public record TaskChange(String taskId, int version, String tenantId, String accountId, String change, String status,
            String owner, String actor, String detail, Instant at) {
    }

    private final Pool pool;

    public TaskChangeStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection connection, List<TaskChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.size();
        String[] tasks = new String[n];
        Integer[] versions = new Integer[n];
        String[] tenants = new String[n];
        String[] accounts = new String[n];
        String[] kinds = new String[n];
        String[] statuses = new String[n];
        String[] owners = new String[n];
        String[] actors = new String[n];
        String[] details = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            TaskChange c = changes.get(i);
            tasks[i] = c.taskId();
            versions[i] = c.version();
            tenants[i] = c.tenantId();
            accounts[i] = c.accountId();
            kinds[i] = c.change();
            statuses[i] = c.status();
            owners[i] = c.owner();
            actors[i] = c.actor();
            details[i] = c.detail();
            at[i] = Sql.time(c.at());
        }
        return connection.preparedQuery("""
                insert into task_change (task_id, version, tenant_id, account_id, change, status, owner, actor, detail, at)
                select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::timestamptz[])
                on conflict do nothing""")
                .execute(Tuple.tuple(Arrays.asList(tasks, versions, tenants, accounts, kinds, statuses, owners, actors,
                        details, at)))
                .replaceWithVoid();
    }

    /** An account's task changes in [from, to), oldest first. */
    public Uni<List<TaskChange>> ofAccount(String tenantId, String accountId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("""
                select * from task_change where tenant_id = $1 and account_id = $2 and at >= $3 and at < $4
                order by at, task_id, version limit $5""")
                .execute(Tuple.of(tenantId, accountId, Sql.time(from), Sql.time(to), limit))
                .map(rows -> Sql.list(rows, TaskChangeStore::read));
    }

    private static TaskChange read(Row row) {
        return new TaskChange(row.getString("task_id"), row.getInteger("version"), row.getString("tenant_id"),
                row.getString("account_id"), row.getString("change"), row.getString("status"), row.getString("owner"),
                row.getString("actor"), row.getString("detail"), Sql.instant(row, "at"));
    }
}
