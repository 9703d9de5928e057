package io.touchline.scoring.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.domain.churn.OutcomeFinder;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.domain.state.UsageEvent;
import io.touchline.scoring.store.AccountCache;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ChurnHistoryStore;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies usage events to their accounts inside a transaction the caller holds: locks the
 * accounts, reads those not kept current in memory ({@link AccountCache}, ADR 0012), applies each
 * event to its account's state and re-scores the account after it, and writes rows, history and
 * outgoing messages ({@link ScoreRecorder}). Knows nothing of Kafka: the caller decides which
 * events are fresh and in what order they came.
 */
@ApplicationScoped
public class EventApplier {

    /** A usage event to apply, decoded, with the trace context its effects pass on (null when not traced). */
    public record AccountEvent(String id, String tenantId, String accountId, Instant eventTime, UsageEvent usage,
            String traceParent) {
    }

    /** Backfill: events that came after their account had been scored past their time. */
    public interface LateEvents {

        void late(AccountEvent event);
    }

    private final AccountStore accounts;
    private final AccountCache cache;
    private final ScoreRecorder recorder;

    public EventApplier(AccountStore accounts, AccountCache cache, ScoreRecorder recorder) {
        this.accounts = accounts;
        this.cache = cache;
        this.recorder = recorder;
    }

    /**
     * Applies the events account by account, each account's in the given order: an account's
     * state is then touched while it is still in the processor's cache, and its row and scorecard
     * are looked up once.
     *
     * @param byAccount events by account key, each account's in offset order
     */
    public Uni<ScoreRecorder.Changes> apply(SqlConnection connection, Map<String, List<AccountEvent>> byAccount,
            Map<String, TenantScorecard> cards) {
        return apply(connection, byAccount, cards, new ScoreRecorder.Changes(), null);
    }

    /**
     * Applies the events into {@code changes}. Before each event, the moments time alone changed
     * the account up to the event's time are scored ({@link ScoreRecorder#catchUp}).
     *
     * @param late where a backfill's late events go, not applied: those older than the moment
     *        their account was already scored at. Null on the live path, which applies every
     *        event as it comes.
     */
    public Uni<ScoreRecorder.Changes> apply(SqlConnection connection, Map<String, List<AccountEvent>> byAccount,
            Map<String, TenantScorecard> cards, ScoreRecorder.Changes changes, LateEvents late) {
        if (byAccount.isEmpty()) {
            return Uni.createFrom().item(changes);
        }
        return locked(connection, byAccount.keySet()).flatMap(rows -> {
            for (Map.Entry<String, List<AccountEvent>> account : byAccount.entrySet()) {
                AccountEvent first = account.getValue().get(0);
                TenantScorecard card = cards.get(first.tenantId());
                AccountRow row = rows.computeIfAbsent(account.getKey(),
                        key -> AccountRow.fresh(first.tenantId(), first.accountId(), first.eventTime()));
                for (AccountEvent event : account.getValue()) {
                    if (late != null && row.memory.scoredAt != null && event.eventTime().isBefore(row.memory.scoredAt)) {
                        late.late(event);
                        continue;
                    }
                    recorder.catchUp(changes, row, card, event.eventTime());
                    UsageEvent usage = event.usage();
                    OutcomeFinder.Before before = usage.traits() == null ? null : OutcomeFinder.Before.of(row.state);
                    row.state.apply(usage, card.events());
                    if (before != null) {
                        for (OutcomeFinder.Found found : OutcomeFinder.find(before, usage.traits(), row.state,
                                AccountState.day(event.eventTime()), card.signals().renewalDays())) {
                            changes.outcome(new ChurnHistoryStore.Outcome(row.tenantId, row.accountId, found.kind(),
                                    found.on(), "traits", found.note(), null));
                        }
                    }
                    row.eventsApplied++;
                    if (event.eventTime().isAfter(row.lastEventAt)) {
                        row.lastEventAt = event.eventTime();
                    }
                    if (event.eventTime().isBefore(row.firstSeenAt)) {
                        row.firstSeenAt = event.eventTime();
                    }
                    recorder.score(changes, row, card, row.state.newestEvent,
                            new Trigger(event.id(), usage.event() != null ? usage.event() : usage.call(), usage.userId(),
                                    event.traceParent()),
                            event.eventTime());
                }
            }
            return recorder.write(connection, changes).replaceWith(changes);
        });
    }

    /** After the transaction committed: its rows are kept in memory, and its messages go out. */
    public void committed(ScoreRecorder.Changes changes) {
        cache.keep(changes.rows(), changes.revision());
        recorder.committed(changes);
    }

    /**
     * Locks the accounts and reads, of those that exist, only the ones not kept current in memory
     * (ADR 0012). When none is kept (the cache off, a fresh start) they are all read in one select.
     */
    private Uni<Map<String, AccountRow>> locked(SqlConnection connection, Set<String> keys) {
        if (!cache.holdsAny(keys)) {
            return accounts.lock(connection, keys);
        }
        return accounts.lockCurrent(connection, keys).flatMap(current -> {
            Map<String, AccountRow> rows = cache.take(keys, current);
            if (rows.size() == current.size()) {
                return Uni.createFrom().item(rows);
            }
            List<String> stale = new ArrayList<>(current.size() - rows.size());
            for (String key : current.keySet()) {
                if (!rows.containsKey(key)) {
                    stale.add(key);
                }
            }
            return accounts.lock(connection, stale).map(read -> {
                rows.putAll(read);
                return rows;
            });
        });
    }
}
