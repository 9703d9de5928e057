package io.touchline.playbook.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a playbook would have done over a history of signals, as if it had been enabled from the
 * first of them: each signal, in the order playbook-service received it, is decided by
 * {@link PlaybookEngine} against guard rails kept per account from an empty start, exactly as the
 * live consumer decides. Nobody works the simulated tasks, so one stays open (and blocks the
 * playbook's next task for its account) until the range ends, as it would live if no CSM acted;
 * with {@code tasksCompletedAtDue}, each counts as completed when it falls due.
 */
public final class Simulation {

    /** Tasks, messages and suppressed actions. */
    public record Counts(int tasks, int messages, int suppressed) {

        Counts plus(Decision decision) {
            return new Counts(tasks + decision.tasks().size(), messages + decision.messages().size(),
                    suppressed + (int) decision.outcomes().stream().filter(o -> !o.created()).count());
        }

        static final Counts NONE = new Counts(0, 0, 0);
    }

    /** One week's counts; weeks start on Monday in the tenant's time zone. */
    public record Week(LocalDate weekStart, int tasks, int messages, int suppressed) {
    }

    /** One account's counts, with its tier at its last signal. */
    public record AccountResult(String accountId, String tier, int tasks, int messages, int suppressed) {
    }

    /**
     * @param signals signals in the range
     * @param matched signals the trigger matched
     * @param suppressed suppressed actions by reason
     * @param byTier counts by the account's tier when the signal fired ({@code unknown} without one)
     * @param accounts the accounts it acted on or would have, most tasks and messages first
     * @param accountsTruncated whether more accounts than listed were affected
     */
    public record Report(int signals, int matched, int tasks, int messages, Map<String, Integer> suppressed,
            Map<String, Counts> byTier, List<Week> byWeek, List<AccountResult> accounts, boolean accountsTruncated) {
    }

    private static final String UNKNOWN_TIER = "unknown";

    private final Playbook playbook;
    private final TenantSettings settings;
    private final boolean tasksCompletedAtDue;
    private final Map<String, GuardState> guards = new HashMap<>();
    private final Map<String, Instant> openTaskDue = new HashMap<>();
    private final Map<String, Integer> suppressed = new TreeMap<>();
    private final Map<String, Counts> byTier = new TreeMap<>();
    private final Map<LocalDate, Counts> byWeek = new TreeMap<>();
    private final Map<String, Counts> byAccount = new HashMap<>();
    private final Map<String, String> tierOf = new HashMap<>();
    private int signals;
    private int matched;
    private Counts total = Counts.NONE;

    public Simulation(Playbook playbook, TenantSettings settings, boolean tasksCompletedAtDue) {
        this.playbook = playbook;
        this.settings = settings;
        this.tasksCompletedAtDue = tasksCompletedAtDue;
    }

    /** Decides the next signal of the history. */
    public void accept(SignalFacts s) {
        signals++;
        if (!PlaybookEngine.matches(playbook, s)) {
            return;
        }
        matched++;
        String account = s.accountId();
        GuardState before = guards.getOrDefault(account, GuardState.EMPTY);
        if (tasksCompletedAtDue && before.openTaskId() != null && !s.at().isBefore(openTaskDue.get(account))) {
            before = before.withoutOpenTask();
        }
        Decision decision = PlaybookEngine.decide(playbook, s, before, settings);
        guards.put(account, decision.after());
        decision.tasks().forEach(task -> openTaskDue.put(account, task.dueAt()));
        decision.outcomes().stream().filter(o -> !o.created())
                .forEach(o -> suppressed.merge(Wire.name(o.suppressed()), 1, Integer::sum));
        String tier = s.tier() == null ? UNKNOWN_TIER : s.tier();
        tierOf.put(account, tier);
        total = total.plus(decision);
        byTier.merge(tier, Counts.NONE.plus(decision), (a, b) -> a.plus(decision));
        LocalDate week = LocalDate.ofInstant(s.at(), settings.timeZone()).with(DayOfWeek.MONDAY);
        byWeek.merge(week, Counts.NONE.plus(decision), (a, b) -> a.plus(decision));
        byAccount.merge(account, Counts.NONE.plus(decision), (a, b) -> a.plus(decision));
    }

    /** The report so far, listing at most {@code maxAccounts} accounts. */
    public Report report(int maxAccounts) {
        List<Week> weeks = new ArrayList<>();
        byWeek.forEach((start, c) -> weeks.add(new Week(start, c.tasks(), c.messages(), c.suppressed())));
        List<AccountResult> accounts = byAccount.entrySet().stream()
                .map(e -> new AccountResult(e.getKey(), tierOf.get(e.getKey()), e.getValue().tasks(),
                        e.getValue().messages(), e.getValue().suppressed()))
                .sorted(Comparator.comparingInt((AccountResult a) -> -(a.tasks() + a.messages()))
                        .thenComparing(AccountResult::accountId))
                .limit(maxAccounts)
                .toList();
        return new Report(signals, matched, total.tasks(), total.messages(), Map.copyOf(suppressed), Map.copyOf(byTier),
                weeks, accounts, byAccount.size() > maxAccounts);
    }
}
