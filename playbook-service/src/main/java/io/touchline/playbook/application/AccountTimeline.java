package io.touchline.playbook.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;
import io.touchline.playbook.store.ActionStore;
import io.touchline.playbook.store.SignalStore;
import io.touchline.playbook.store.TaskChangeStore;

/** An account's story: its signals (with what they caused), its tasks' changes and its message requests, in time order. */
@ApplicationScoped
public class AccountTimeline {

    /**
     * One entry; exactly one of {@code signal}, {@code task} and {@code message} is set, as
     * {@code kind} says.
     *
     * @param at the signal's time, the task change's, or when the message was requested
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(Instant at, String kind, AlertFeed.Alert signal, TaskChangeStore.TaskChange task,
            MessageRequest message) {
    }

    /** A message request. */
    public record MessageRequest(List<String> messageIds, String channel, String template, List<String> recipients,
            String playbookId, int playbookVersion, String signalId, String taskId) {
    }

    private final SignalStore signals;
    private final AlertFeed feed;
    private final TaskChangeStore changes;
    private final ActionStore actions;

    public AccountTimeline(SignalStore signals, AlertFeed feed, TaskChangeStore changes, ActionStore actions) {
        this.signals = signals;
        this.feed = feed;
        this.changes = changes;
        this.actions = actions;
    }

    /** Entries in [from, to), oldest first, at most {@code limit}. */
    public Uni<List<Entry>> of(String tenantId, String accountId, Instant from, Instant to, int limit) {
        Uni<List<Entry>> signalEntries = signals.ofAccount(tenantId, accountId, from, to, limit)
                .flatMap(found -> feed.withActions(tenantId, found))
                .map(alerts -> alerts.stream().map(a -> new Entry(a.at(), "signal", a, null, null)).toList());
        Uni<List<Entry>> taskEntries = changes.ofAccount(tenantId, accountId, from, to, limit)
                .map(found -> found.stream().map(c -> new Entry(c.at(), "task", null, c, null)).toList());
        Uni<List<Entry>> messageEntries = actions.messagesOf(tenantId, accountId, from, to, limit)
                .map(found -> found.stream().map(a -> new Entry(a.decidedAt(), "message", null, null,
                        new MessageRequest(a.messageIds(), a.channel(), a.template(), a.recipients(), a.playbookId(),
                                a.playbookVersion(), a.signalId(), a.taskId())))
                        .toList());
        return signalEntries.flatMap(s -> taskEntries.flatMap(t -> messageEntries.map(m -> {
            List<Entry> all = new ArrayList<>(s.size() + t.size() + m.size());
            all.addAll(s);
            all.addAll(t);
            all.addAll(m);
            // Equal times: the signal first, then the task it made, then the message.
            all.sort(Comparator.comparing(Entry::at).thenComparing(e -> order(e.kind())));
            return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
        })));
    }

    private static int order(String kind) {
        return switch (kind) {
            case "signal" -> 0;
            case "task" -> 1;
            default -> 2;
        };
    }
}
