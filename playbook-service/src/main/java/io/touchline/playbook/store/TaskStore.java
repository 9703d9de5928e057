package io.touchline.playbook.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.touchline.messaging.contract.CsTask;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** CSM tasks, as the {@link CsTask} contract describes them. */
@ApplicationScoped
public class TaskStore {

    /**
     * A task with what only the store keeps.
     *
     * @param signalPublishedAt when its signal was published to {@code health-signals}
     */
    public record TaskRow(String tenantId, CsTask task, Instant signalPublishedAt) {
    }

    /** Which tasks to list; null fields do not filter. */
    public record Filter(String owner, String tier, String priority, List<String> statuses, Instant dueBefore,
            Instant dueAfter, String accountId, String playbookId) {
    }

    /** Where a page of the worklist starts: after this task in (due, id) order. */
    public record After(Instant dueAt, String id) {
    }

    /** Open (not completed or dismissed) and overdue tasks of one owner. */
    public record OwnerLoad(String tenantId, String owner, long open, long overdue) {
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public TaskStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Stores new tasks; a task whose id exists already is left as it is. Returns the ids stored. */
    public Uni<Set<String>> insert(SqlConnection connection, List<TaskRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = rows.size();
        String[] ids = new String[n];
        String[] tenants = new String[n];
        String[] accounts = new String[n];
        String[] playbooks = new String[n];
        Integer[] versions = new Integer[n];
        String[] signals = new String[n];
        String[] types = new String[n];
        String[] tiers = new String[n];
        String[] stages = new String[n];
        String[] titles = new String[n];
        String[] checklists = new String[n];
        String[] priorities = new String[n];
        String[] owners = new String[n];
        String[] statuses = new String[n];
        LocalDate[] dueDates = new LocalDate[n];
        OffsetDateTime[] dueAt = new OffsetDateTime[n];
        Integer[] taskVersions = new Integer[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime[] published = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            CsTask t = rows.get(i).task();
            ids[i] = t.taskId();
            tenants[i] = rows.get(i).tenantId();
            accounts[i] = t.accountId();
            playbooks[i] = t.playbookId();
            versions[i] = t.playbookVersion();
            signals[i] = t.signalId();
            types[i] = t.signalType();
            tiers[i] = t.tier();
            stages[i] = t.stage();
            titles[i] = t.title();
            checklists[i] = json(t.checklist());
            priorities[i] = t.priority();
            owners[i] = t.owner();
            statuses[i] = t.status();
            dueDates[i] = t.dueDate();
            dueAt[i] = Sql.time(t.dueAt());
            taskVersions[i] = t.version();
            created[i] = Sql.time(t.createdAt());
            published[i] = Sql.time(rows.get(i).signalPublishedAt());
        }
        return connection.preparedQuery("""
                insert into cs_task (id, tenant_id, account_id, playbook_id, playbook_version, signal_id, signal_type, tier,
                    stage, title, checklist, priority, owner, status, due_date, due_at, version, created_at, updated_at,
                    signal_published_at)
                select i, t, a, p, v, s, y, ti, st, tl, c, pr, o, ss, dd, da, tv, ca, ca, sp
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::date[],
                    $16::timestamptz[], $17::int[], $18::timestamptz[], $19::timestamptz[])
                    as u(i, t, a, p, v, s, y, ti, st, tl, c, pr, o, ss, dd, da, tv, ca, sp)
                on conflict (id) do nothing returning id""")
                .execute(Tuple.tuple(Arrays.asList(ids, tenants, accounts, playbooks, versions, signals, types, tiers, stages,
                        titles, checklists, priorities, owners, statuses, dueDates, dueAt, taskVersions, created, published)))
                .map(inserted -> {
                    Set<String> stored = new HashSet<>();
                    inserted.forEach(row -> stored.add(row.getString(0)));
                    return stored;
                });
    }

    /** The tenant's task; null when it has none of this id. */
    public Uni<CsTask> find(String tenantId, String taskId) {
        return one(pool, "select * from cs_task where tenant_id = $1 and id = $2", tenantId, taskId);
    }

    /** Locks and reads the tenant's task; null when it has none of this id. */
    public Uni<CsTask> lock(SqlConnection connection, String tenantId, String taskId) {
        return one(connection, "select * from cs_task where tenant_id = $1 and id = $2 for update", tenantId, taskId);
    }

    /** Writes a task's changeable fields as they are now. */
    public Uni<Void> update(SqlConnection connection, String tenantId, CsTask t) {
        return connection.preparedQuery("""
                update cs_task set status = $3, owner = $4, snoozed_until = $5, outcome = $6, note = $7,
                    dismiss_reason = $8, version = $9, updated_at = $10, changed_by = $11
                where tenant_id = $1 and id = $2""")
                .execute(Tuple.tuple(Arrays.asList(tenantId, t.taskId(), t.status(), t.owner(),
                        Sql.time(t.snoozedUntil()), t.outcome(), t.note(), t.dismissReason(), t.version(),
                        Sql.time(t.updatedAt()), t.changedBy())))
                .replaceWithVoid();
    }

    /** A page of the tenant's tasks, in due-date order (then id), after {@code after}. */
    public Uni<List<CsTask>> page(String tenantId, Filter f, After after, int limit) {
        return pool.preparedQuery("""
                select * from cs_task where tenant_id = $1
                  and ($2::text is null or owner = $2) and ($3::text is null or tier = $3)
                  and ($4::text is null or priority = $4) and ($5::text[] is null or status = any($5))
                  and ($6::timestamptz is null or due_at < $6) and ($7::timestamptz is null or due_at >= $7)
                  and ($8::text is null or account_id = $8) and ($9::text is null or playbook_id = $9)
                  and ($10::timestamptz is null or (due_at, id) > ($10, $11))
                order by due_at, id limit $12""")
                .execute(Tuple.tuple(Arrays.asList(tenantId, f.owner(), f.tier(), f.priority(),
                        f.statuses() == null ? null : f.statuses().toArray(new String[0]), Sql.time(f.dueBefore()),
                        Sql.time(f.dueAfter()), f.accountId(), f.playbookId(), after == null ? null : Sql.time(after.dueAt()),
                        after == null ? null : after.id(), limit)))
                .map(rows -> Sql.list(rows, this::read));
    }

    /** Locks up to {@code limit} snoozed tasks whose snooze has ended, skipping locked ones. */
    public Uni<List<TaskRow>> lockSnoozeEnded(SqlConnection connection, Instant now, int limit) {
        return connection.preparedQuery("""
                select * from cs_task where status = 'snoozed' and snoozed_until <= $1
                order by snoozed_until limit $2 for update skip locked""")
                .execute(Tuple.of(Sql.time(now), limit))
                .map(rows -> Sql.list(rows, row -> new TaskRow(row.getString("tenant_id"), read(row),
                        Sql.instant(row, "signal_published_at"))));
    }

    /** Open and overdue tasks per tenant and owner. */
    public Uni<List<OwnerLoad>> loadByOwner(Instant now) {
        return pool.preparedQuery("""
                select tenant_id, owner, count(*) as open, count(*) filter (where due_at <= $1) as overdue from cs_task
                where status in ('open', 'acknowledged', 'snoozed') group by tenant_id, owner""")
                .execute(Tuple.of(Sql.time(now)))
                .map(rows -> Sql.list(rows, row -> new OwnerLoad(row.getString("tenant_id"), row.getString("owner"),
                        row.getLong("open"), row.getLong("overdue"))));
    }

    private Uni<CsTask> one(SqlClient client, String sql, String tenantId, String taskId) {
        return client.preparedQuery(sql).execute(Tuple.of(tenantId, taskId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    private CsTask read(Row row) {
        try {
            return new CsTask(row.getString("id"), row.getString("account_id"), row.getString("playbook_id"),
                    row.getInteger("playbook_version"), row.getString("signal_id"), row.getString("signal_type"),
                    row.getString("tier"), row.getString("stage"), row.getString("title"),
                    mapper.readValue(row.getString("checklist"), STRINGS), row.getString("priority"),
                    row.getString("owner"), row.getString("status"), Sql.date(row, "due_date"), Sql.instant(row, "due_at"),
                    Sql.instant(row, "snoozed_until"), row.getString("outcome"), row.getString("note"),
                    row.getString("dismiss_reason"), row.getInteger("version"), Sql.instant(row, "created_at"),
                    Sql.instant(row, "updated_at"), row.getString("changed_by"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checklists are written by this class", e);
        }
    }

    private String json(List<String> checklist) {
        try {
            return mapper.writeValueAsString(checklist);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is JSON", e);
        }
    }
}
