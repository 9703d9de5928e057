package io.touchline.playbook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlaybookEngineTest {

    /** A Tuesday. */
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final TenantSettings SETTINGS = new TenantSettings(ZoneId.of("UTC"),
            Map.of("high-touch", "vip-queue", "low-touch", "pool-queue"), "cs-team");

    static SignalFacts signal(String tier, String stage) {
        return new SignalFacts("t1", "acme", "sig-1", "HEALTH_BAND_CHANGED", T0, 40.0, "red", tier, stage, 0.3, "medium",
                "kim@vendor.example", "ceo@acme.example", List.of("u2", "u3"), "u1");
    }

    static SignalFacts at(SignalFacts s, String signalId, Instant at) {
        return new SignalFacts(s.tenantId(), s.accountId(), signalId, s.signalType(), at, s.score(), s.band(), s.tier(),
                s.stage(), s.churnProbability(), s.churnLevel(), s.csmOwner(), s.primaryContact(), s.activeUsers(),
                s.userId());
    }

    static final Action.Task TASK = new Action.Task("Risk review call", List.of("Read", "Call"), Priority.HIGH, 2);
    static final Action.Message EMAIL = new Action.Message(Channel.EMAIL, "check-in", Audience.PRIMARY_CONTACT);

    static Playbook playbook(GuardRails rails, Action... actions) {
        return new Playbook("red", 3, "Red", PlaybookState.ENABLED, Trigger.on("HEALTH_BAND_CHANGED"), List.of(actions),
                rails);
    }

    static final GuardRails RAILS = new GuardRails(Duration.ofDays(7), 1, GuardRails.DEFAULT_NEVER);

    // ---- trigger conditions ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case,                       tiers,     stages,   bands,      levels, p range,  score range, signal tier, stage, band, p, level, score, matches
            no condition                 | -         | -        | -          | -      | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | true
            tier listed                  | low-touch high-touch | - | -      | -      | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | true
            tier not listed              | high-touch | -       | -          | -      | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | false
            tier unknown                 | high-touch | -       | -          | -      | -        | -        | -         | adoption | red    | 0.3 | medium | 40 | false
            stage listed                 | -         | renewal adoption | -   | -      | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | true
            stage not listed             | -         | renewal  | -          | -      | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | false
            band listed                  | -         | -        | red yellow | -      | -        | -        | low-touch | adoption | yellow | 0.3 | medium | 40 | true
            band not listed              | -         | -        | red        | -      | -        | -        | low-touch | adoption | green  | 0.3 | medium | 40 | false
            churn level listed           | -         | -        | -          | high   | -        | -        | low-touch | adoption | red    | 0.6 | high   | 40 | true
            churn level not listed       | -         | -        | -          | high   | -        | -        | low-touch | adoption | red    | 0.3 | medium | 40 | false
            probability at its minimum   | -         | -        | -          | -      | 0.3:1    | -        | low-touch | adoption | red    | 0.3 | medium | 40 | true
            probability below            | -         | -        | -          | -      | 0.31:1   | -        | low-touch | adoption | red    | 0.3 | medium | 40 | false
            probability at its maximum   | -         | -        | -          | -      | :0.3     | -        | low-touch | adoption | red    | 0.3 | medium | 40 | true
            probability unknown          | -         | -        | -          | -      | 0:1      | -        | low-touch | adoption | red    | -   | -      | 40 | false
            score within                 | -         | -        | -          | -      | -        | 0:49     | low-touch | adoption | red    | 0.3 | medium | 49 | true
            score above                  | -         | -        | -          | -      | -        | 0:49     | low-touch | adoption | red    | 0.3 | medium | 49.5 | false
            score from                   | -         | -        | -          | -      | -        | 50:      | low-touch | adoption | red    | 0.3 | medium | 50 | true
            all conditions met           | low-touch | adoption | red        | medium | 0.2:0.4  | 30:45    | low-touch | adoption | red    | 0.3 | medium | 40 | true
            one of all not met           | low-touch | adoption | red        | medium | 0.2:0.4  | 30:45    | low-touch | adoption | red    | 0.3 | medium | 46 | false
            """)
    void aTriggerMatchesWhenItsSignalTypeAndEveryConditionHold(String name, String tiers, String stages, String bands,
            String levels, String p, String score, String tier, String stage, String band, Double probability, String level,
            double value, boolean matches) {
        Trigger trigger = new Trigger("HEALTH_BAND_CHANGED", set(tiers), set(stages), set(bands), set(levels), range(p),
                range(score));
        SignalFacts s = new SignalFacts("t1", "acme", "sig-1", "HEALTH_BAND_CHANGED", T0, value, band, tier, stage,
                probability, level, null, null, List.of(), null);

        assertThat(trigger.matches(s)).isEqualTo(matches);
        SignalFacts otherType = new SignalFacts("t1", "acme", "sig-1", "INACTIVE", T0, value, band, tier, stage,
                probability, level, null, null, List.of(), null);
        assertThat(trigger.matches(otherType)).isFalse();
    }

    private static Set<String> set(String words) {
        return words == null ? Set.of() : Set.of(words.split(" "));
    }

    private static Range range(String text) {
        if (text == null) {
            return null;
        }
        String[] ends = text.split(":", -1);
        return new Range(ends[0].isEmpty() ? null : Double.valueOf(ends[0]),
                ends[1].isEmpty() ? null : Double.valueOf(ends[1]));
    }

    // ---- guard rails ----

    record Case(String name, Playbook playbook, GuardState before, SignalFacts signal, List<String> outcomes,
            GuardState after) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final String TASK_ID = Ids.task("sig-1", "red", 0);

    static Stream<Case> guardRails() {
        SignalFacts low = signal("low-touch", "adoption");
        Playbook both = playbook(RAILS, TASK, EMAIL);
        List<Instant> sentAtT0 = List.of(T0);
        return Stream.of(
                new Case("nothing remembered: the task and the email", both, GuardState.EMPTY, low,
                        List.of("created", "created"), new GuardState(T0, TASK_ID, sentAtT0)),
                new Case("churned: nothing, and nothing remembered", both, GuardState.EMPTY, signal("low-touch", "churned"),
                        List.of("churned", "churned"), GuardState.EMPTY),
                new Case("fired 6 days 23 hours before: cooldown", both,
                        new GuardState(T0.minus(Duration.ofHours(167)), null, List.of()), low,
                        List.of("cooldown", "cooldown"), new GuardState(T0.minus(Duration.ofHours(167)), null, List.of())),
                new Case("fired exactly 7 days before: the cooldown has passed", both,
                        new GuardState(T0.minus(Duration.ofDays(7)), null, List.of()), low,
                        List.of("created", "created"), new GuardState(T0, TASK_ID, sentAtT0)),
                new Case("a later signal fired 1 hour after this one's time: cooldown either way round", both,
                        new GuardState(T0.plus(Duration.ofHours(1)), null, List.of()), low,
                        List.of("cooldown", "cooldown"), new GuardState(T0.plus(Duration.ofHours(1)), null, List.of())),
                new Case("no cooldown configured: fires again an hour later",
                        playbook(new GuardRails(Duration.ZERO, 5, List.of()), EMAIL),
                        new GuardState(T0.minus(Duration.ofHours(1)), null, List.of(T0.minus(Duration.ofHours(1)))), low,
                        List.of("created"), new GuardState(T0, null, List.of(T0.minus(Duration.ofHours(1)), T0))),
                new Case("the playbook's task still open: duplicate; the email goes", both,
                        new GuardState(T0.minus(Duration.ofDays(30)), "open-task", List.of()), low,
                        List.of("duplicate", "created"), new GuardState(T0, "open-task", sentAtT0)),
                new Case("cap of 1 reached 6 days before: the task only", both,
                        new GuardState(T0.minus(Duration.ofDays(8)), null, List.of(T0.minus(Duration.ofDays(6)))), low,
                        List.of("created", "cap"), new GuardState(T0, TASK_ID, List.of(T0.minus(Duration.ofDays(6))))),
                new Case("a message 8 days before is out of the cap's window and forgotten", both,
                        new GuardState(T0.minus(Duration.ofDays(8)), null, List.of(T0.minus(Duration.ofDays(8)))), low,
                        List.of("created", "created"), new GuardState(T0, TASK_ID, sentAtT0)),
                new Case("two emails in one playbook with a cap of 1: the second is capped",
                        playbook(RAILS, EMAIL, EMAIL), GuardState.EMPTY, low, List.of("created", "cap"),
                        new GuardState(T0, null, sentAtT0)),
                new Case("tech-touch: never a task (the default rule); the email goes", both, GuardState.EMPTY,
                        signal("tech-touch", "adoption"), List.of("never-rule", "created"), new GuardState(T0, null, sentAtT0)),
                new Case("tech-touch without the default rule: the task too",
                        playbook(new GuardRails(Duration.ofDays(7), 1, List.of()), TASK, EMAIL), GuardState.EMPTY,
                        signal("tech-touch", "adoption"), List.of("created", "created"), new GuardState(T0, TASK_ID, sentAtT0)),
                new Case("a rule against any action in renewal",
                        playbook(
                                new GuardRails(Duration.ofDays(7), 1,
                                        List.of(new NeverRule(null, Set.of(), Set.of("renewal")))),
                                TASK, EMAIL),
                        GuardState.EMPTY, signal("low-touch", "renewal"), List.of("never-rule", "never-rule"),
                        GuardState.EMPTY),
                new Case("a rule against messages to low-touch",
                        playbook(new GuardRails(Duration.ofDays(7), 1,
                                List.of(new NeverRule(ActionKind.MESSAGE, Set.of("low-touch"), Set.of()))), TASK, EMAIL),
                        GuardState.EMPTY, low, List.of("created", "never-rule"), new GuardState(T0, TASK_ID, List.of())),
                new Case("unknown tier: the tech-touch rule does not apply", both, GuardState.EMPTY,
                        signal(null, "onboarding"), List.of("created", "created"), new GuardState(T0, TASK_ID, sentAtT0)),
                new Case("no primary contact: no recipient; the task goes", both, GuardState.EMPTY,
                        new SignalFacts("t1", "acme", "sig-1", "HEALTH_BAND_CHANGED", T0, 40.0, "red", "low-touch",
                                "adoption", 0.3, "medium", "kim@vendor.example", null, List.of(), null),
                        List.of("created", "no-recipient"), new GuardState(T0, TASK_ID, List.of())),
                new Case("everything suppressed: nothing fired, the state as before", both,
                        new GuardState(T0.minus(Duration.ofDays(30)), "open-task", List.of(T0.minus(Duration.ofDays(1)))),
                        low, List.of("duplicate", "cap"),
                        new GuardState(T0.minus(Duration.ofDays(30)), "open-task", List.of(T0.minus(Duration.ofDays(1))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardRails")
    void guardRailsDecideEachActionInOrder(Case c) {
        Decision d = PlaybookEngine.decide(c.playbook(), c.signal(), c.before(), SETTINGS);

        assertThat(d.outcomes()).extracting(o -> o.created() ? "created" : Wire.name(o.suppressed()))
                .containsExactlyElementsOf(c.outcomes());
        assertThat(d.after()).isEqualTo(c.after());
        assertThat(d.fired()).isEqualTo(c.outcomes().contains("created"));
    }

    @Test
    void aDryRunRecordsWhatWouldHaveHappenedAndRemembersNothing() {
        Decision live = PlaybookEngine.decide(playbook(RAILS, TASK, EMAIL), signal("low-touch", "adoption"),
                GuardState.EMPTY, SETTINGS);

        Decision dry = live.asDryRun(GuardState.EMPTY);

        assertThat(dry.outcomes()).extracting(Decision.Outcome::suppressed)
                .containsExactly(Suppression.DRY_RUN, Suppression.DRY_RUN);
        assertThat(dry.outcomes().get(0).task()).isEqualTo(live.tasks().get(0));
        assertThat(dry.outcomes().get(1).messages()).isEqualTo(live.messages());
        assertThat(dry.tasks()).isEmpty();
        assertThat(dry.messages()).isEmpty();
        assertThat(dry.after()).isEqualTo(GuardState.EMPTY);
    }

    // ---- what is created ----

    @Test
    void aTaskIsDueInBusinessDaysAndOwnedByTheCsmWithItsMessagesLinked() {
        Decision d = PlaybookEngine.decide(playbook(RAILS, EMAIL, TASK), signal("low-touch", "adoption"),
                GuardState.EMPTY, SETTINGS);

        Decision.TaskDraft task = d.tasks().get(0);
        assertThat(task).isEqualTo(new Decision.TaskDraft(Ids.task("sig-1", "red", 1), "Risk review call",
                List.of("Read", "Call"), Priority.HIGH, "kim@vendor.example", LocalDate.parse("2026-12-03"),
                Instant.parse("2026-12-04T00:00:00Z")));
        assertThat(d.messages()).containsExactly(new Decision.MessageDraft(
                Ids.message("sig-1", "red", 0, "ceo@acme.example"), Channel.EMAIL, "check-in", Audience.PRIMARY_CONTACT,
                "ceo@acme.example", task.id()));
    }

    @ParameterizedTest(name = "CSM {0}, tier {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            kim@vendor.example | high-touch | kim@vendor.example
            -                  | high-touch | vip-queue
            -                  | low-touch  | pool-queue
            -                  | tech-touch | cs-team
            -                  | -          | cs-team
            ''                 | low-touch  | pool-queue
            """)
    void aTaskIsOwnedByTheCsmElseTheQueueOfTheTierElseTheFallback(String csm, String tier, String owner) {
        assertThat(SETTINGS.owner(tier, csm)).isEqualTo(owner);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            PRIMARY_CONTACT | ceo@acme.example
            OWNER           | kim@vendor.example
            ACTIVE_USERS    | u1 u2 u3
            """)
    void anAudienceResolvesToItsRecipients(Audience audience, String recipients) {
        assertThat(PlaybookEngine.recipients(audience, signal("low-touch", "adoption")))
                .containsExactlyElementsOf(Arrays.asList(recipients.split(" ")));
    }

    @Test
    void theTriggeringUserIsAmongTheActiveUsersOnce() {
        SignalFacts s = new SignalFacts("t1", "acme", "sig-1", "ACCOUNT_FIRST_SEEN", T0, 50, "yellow", null, "onboarding",
                null, null, null, null, List.of("u2", "u1"), "u1");
        assertThat(PlaybookEngine.recipients(Audience.ACTIVE_USERS, s)).containsExactly("u1", "u2");
        SignalFacts anonymous = new SignalFacts("t1", "acme", "sig-1", "ACCOUNT_FIRST_SEEN", T0, 50, "yellow", null,
                "onboarding", null, null, null, null, List.of(), null);
        assertThat(PlaybookEngine.recipients(Audience.ACTIVE_USERS, anonymous)).isEmpty();
    }

    @Test
    void aSequenceOfSignalsRespectsTheCooldownAndOneOpenTask() {
        Playbook p = playbook(new GuardRails(Duration.ofDays(7), 2, GuardRails.DEFAULT_NEVER), TASK);
        SignalFacts base = signal("high-touch", "adoption");
        List<String> seen = new ArrayList<>();
        GuardState state = GuardState.EMPTY;
        for (int day : new int[] { 0, 3, 8, 20 }) {
            Decision d = PlaybookEngine.decide(p, at(base, "sig-" + day, T0.plus(Duration.ofDays(day))), state, SETTINGS);
            state = d.after();
            seen.add(d.outcomes().get(0).created() ? "created" : Wire.name(d.outcomes().get(0).suppressed()));
            if (day == 8) {
                // A CSM completes the day-0 task between day 8 and day 20.
                state = state.withoutOpenTask();
            }
        }
        assertThat(seen).containsExactly("created", "cooldown", "duplicate", "created");
    }
}
