package io.touchline.playbook.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** What each playbook did with each of its actions for a signal: created, or suppressed and why. */
@ApplicationScoped
public class ActionStore {

    /**
     * One action's outcome.
     *
     * @param kind {@code task} or {@code message}
     * @param outcome {@code created} or {@code suppressed}
     * @param reason why it was suppressed
     * @param taskId the task created (or that a dry run would have created)
     * @param messageIds the messages requested (or that a dry run would have requested)
     * @param at the signal's time
     * @param decidedAt when playbook-service decided
     */
    public record ActionRecord(String tenantId, String signalId, String playbookId, int actionIndex, int playbookVersion,
            String accountId, String kind, String channel, String template, String outcome, String reason,
            String taskId, List<String> messageIds, List<String> recipients, Instant at, Instant decidedAt) {

        public ActionRecord {
            messageIds = List.copyOf(messageIds);
            recipients = List.copyOf(recipients);
        }
    }

    private final Pool pool;

    public ActionStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlConnection connection, List<ActionRecord> actions) {
        if (actions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = actions.size();
        String[] tenants = new String[n];
        String[] signals = new String[n];
        String[] playbooks = new String[n];
        Integer[] indexes = new Integer[n];
        Integer[] versions = new Integer[n];
        String[] accounts = new String[n];
        String[] kinds = new String[n];
        String[] channels = new String[n];
        String[] templates = new String[n];
        String[] outcomes = new String[n];
        String[] reasons = new String[n];
        String[] tasks = new String[n];
        // Arrays of arrays must be rectangular in PostgreSQL: lists travel as one text each.
        String[] messageIds = new String[n];
        String[] recipients = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        OffsetDateTime[] decided = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ActionRecord a = actions.get(i);
            tenants[i] = a.tenantId();
            signals[i] = a.signalId();
            playbooks[i] = a.playbookId();
            indexes[i] = a.actionIndex();
            versions[i] = a.playbookVersion();
            accounts[i] = a.accountId();
            kinds[i] = a.kind();
            channels[i] = a.channel();
            templates[i] = a.template();
            outcomes[i] = a.outcome();
            reasons[i] = a.reason();
            tasks[i] = a.taskId();
            messageIds[i] = String.join("\u001f", a.messageIds());
            recipients[i] = String.join("\u001f", a.recipients());
            at[i] = Sql.time(a.at());
            decided[i] = Sql.time(a.decidedAt());
        }
        return connection.preparedQuery("""
                insert into playbook_action (tenant_id, signal_id, playbook_id, action_index, playbook_version, account_id,
                    kind, channel, template, outcome, reason, task_id, message_ids, recipients, at, decided_at)
                select t, s, p, i, v, a, k, c, tm, o, r, tk,
                    case when m = '' then '{}'::text[] else string_to_array(m, chr(31)) end,
                    case when rc = '' then '{}'::text[] else string_to_array(rc, chr(31)) end, e, d
                from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[],
                    $16::timestamptz[]) as u(t, s, p, i, v, a, k, c, tm, o, r, tk, m, rc, e, d)
                on conflict do nothing""")
                .execute(Tuple.tuple(List.of(tenants, signals, playbooks, indexes, versions, accounts, kinds, channels,
                        templates, outcomes, reasons, tasks, messageIds, recipients, at, decided)))
                .replaceWithVoid();
    }

    /** The outcomes of these signals' actions, by signal id, in playbook and action order. */
    public Uni<Map<String, List<ActionRecord>>> ofSignals(String tenantId, Collection<String> signalIds) {
        return pool.preparedQuery("""
                select * from playbook_action where tenant_id = $1 and signal_id = any($2)
                order by signal_id, playbook_id, action_index""")
                .execute(Tuple.of(tenantId, signalIds.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<ActionRecord>> result = new HashMap<>();
                    for (Row row : rows) {
                        ActionRecord action = read(row);
                        result.computeIfAbsent(action.signalId(), s -> new java.util.ArrayList<>()).add(action);
                    }
                    return result;
                });
    }

    /** An account's message requests decided in [from, to), oldest first. */
    public Uni<List<ActionRecord>> messagesOf(String tenantId, String accountId, Instant from, Instant to, int limit) {
        return pool.preparedQuery("""
                select * from playbook_action where tenant_id = $1 and account_id = $2 and kind = 'message'
                  and outcome = 'created' and decided_at >= $3 and decided_at < $4
                order by decided_at, at, signal_id, playbook_id, action_index limit $5""")
                .execute(Tuple.of(tenantId, accountId, Sql.time(from), Sql.time(to), limit))
                .map(rows -> Sql.list(rows, ActionStore::read));
    }

    private static ActionRecord read(Row row) {
        return new ActionRecord(row.getString("tenant_id"), row.getString("signal_id"), row.getString("playbook_id"),
                row.getInteger("action_index"), row.getInteger("playbook_version"), row.getString("account_id"),
                row.getString("kind"), row.getString("channel"), row.getString("template"), row.getString("outcome"),
                row.getString("reason"), row.getString("task_id"), Sql.strings(row, "message_ids"),
                Sql.strings(row, "recipients"), Sql.instant(row, "at"), Sql.instant(row, "decided_at"));
    }
}
