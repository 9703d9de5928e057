package io.touchline.playbook.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.touchline.playbook.store.ActionStore;
import io.touchline.playbook.store.SignalStore;

/**
 * The alerts feed: every signal received, newest first, with what each matching playbook's
 * actions did (created, or suppressed and why). Positions on the feed follow commit order, so a
 * live reader resuming after the last position it saw misses nothing.
 */
@ApplicationScoped
public class AlertFeed {

    /**
     * One alert.
     *
     * @param position its place on the feed: the SSE event id, and the cursor (null on a timeline)
     * @param at the signal's time
     */
    public record Alert(Long position, String signalId, String accountId, String signalType, Instant at,
            Instant receivedAt, double score, String band, String tier, String stage, Double churnProbability,
            String churnLevel, String reason, List<AlertAction> actions) {
    }

    /**
     * What one action of a matching playbook did.
     *
     * @param outcome {@code created} or {@code suppressed}
     * @param reason why it was suppressed
     */
    public record AlertAction(String playbookId, int playbookVersion, int action, String kind, String channel,
            String template, String outcome, String reason, String taskId, List<String> messageIds,
            List<String> recipients) {

        static AlertAction of(ActionStore.ActionRecord a) {
            return new AlertAction(a.playbookId(), a.playbookVersion(), a.actionIndex(), a.kind(), a.channel(),
                    a.template(), a.outcome(), a.reason(), a.taskId(), a.messageIds(), a.recipients());
        }
    }

    private final SignalStore signals;
    private final ActionStore actions;

    public AlertFeed(SignalStore signals, ActionStore actions) {
        this.signals = signals;
        this.actions = actions;
    }

    /** Newest first, before the position {@code before} (null: from the newest). */
    public Uni<List<Alert>> page(String tenantId, SignalStore.FeedFilter filter, Long before, int limit) {
        return signals.feed(tenantId, filter, null, before, limit).flatMap(found -> withActions(tenantId, found));
    }

    /** Oldest first, after the position {@code after}: what a live reader has not seen yet. */
    public Uni<List<Alert>> after(String tenantId, long after, int limit) {
        return signals.feed(tenantId, new SignalStore.FeedFilter(null, null, null, null), after, null, limit)
                .flatMap(found -> withActions(tenantId, found));
    }

    /** The tenant's newest position: a live reader without a position starts there. */
    public Uni<Long> newest(String tenantId) {
        return signals.lastFeedSeq(tenantId);
    }

    /** The signals as alerts, each with its actions. */
    public Uni<List<Alert>> withActions(String tenantId, List<SignalStore.Stored> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return actions.ofSignals(tenantId, found.stream().map(s -> s.signal().signalId()).toList())
                .map(bySignal -> found.stream().map(s -> alert(s, bySignal)).toList());
    }

    private static Alert alert(SignalStore.Stored stored, Map<String, List<ActionStore.ActionRecord>> actions) {
        SignalStore.Received s = stored.signal();
        return new Alert(stored.feedSeq(), s.signalId(), s.accountId(), s.signalType(), s.at(), stored.receivedAt(),
                s.score(), s.band(), s.tier(), s.stage(), s.churnProbability(), s.churnLevel(), s.reason(),
                actions.getOrDefault(s.signalId(), List.of()).stream().map(AlertAction::of).toList());
    }
}
