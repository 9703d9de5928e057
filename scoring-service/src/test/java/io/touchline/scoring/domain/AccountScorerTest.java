package io.touchline.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.touchline.messaging.contract.AccountTraits;
import io.touchline.scoring.domain.churn.ChurnFeatures;
import io.touchline.scoring.domain.churn.ChurnPolicy;
import io.touchline.scoring.domain.churn.LearnedChurnModel;
import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.Bands;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.Measure;
import io.touchline.scoring.domain.model.Scorecard;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.FiredSignal;
import io.touchline.scoring.domain.signal.SignalType;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.domain.state.TrackProperties;
import io.touchline.scoring.domain.state.UsageEvent;

/** Accounts with event histories, and the exact score, band, risk and signals the default scorecard gives them. */
class AccountScorerTest {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    static final AccountScorer SCORER = new AccountScorer(ChurnPolicy.DEFAULT);
    static final TenantScorecard CARD = TenantScorecard.defaults();

    /** One row of the table: history, prior memory, override, and what must come out. */
    record Case(String name, List<UsageEvent> events, Consumer<ScoreMemory> memory, Double override, double score,
            Band band, boolean partial, String churnLevel, List<SignalType> signals) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> table() {
        return Stream.of(
                new Case("one event, only recency has data", List.of(track("u1", NOW)), m -> {
                }, null, 100.0, Band.GREEN, true, "low", List.of(SignalType.ACCOUNT_FIRST_SEEN)),
                // 1 of 4 seats: 30 + 40 * 0.05 / 0.3 = 36.7; (20 * 36.7 + 20 * 100) / 40 = 68.3
                new Case("a quarter of the seats active", List.of(group(4, null, null), track("u1", NOW)), m -> {
                }, null, 68.3, Band.YELLOW, true, "low", List.of(SignalType.ACCOUNT_FIRST_SEEN)),
                // 1 of 3 seats: 47.8; (20 * 47.8 + 20 * 100) / 40 = 73.9: yellow from scratch...
                new Case("73.9 without a band before", List.of(group(3, null, null), track("u1", NOW)), m -> {
                }, null, 73.9, Band.YELLOW, true, "low", List.of(SignalType.ACCOUNT_FIRST_SEEN)),
                // ... but green stays green until the score falls below 75 - 3 = 72: no flapping.
                new Case("73.9 with green before: hysteresis holds it", List.of(group(3, null, null), track("u1", NOW)),
                        m -> scored(m, Band.GREEN, 76.0), null, 73.9, Band.GREEN, true, "low", List.of()),
                // An override sets the score CS sees; the model's 73.9 stays beside it.
                new Case("override to 30", List.of(group(3, null, null), track("u1", NOW)),
                        m -> scored(m, Band.GREEN, 76.0), 30.0, 30.0, Band.RED, true, "low",
                        List.of(SignalType.HEALTH_BAND_CHANGED)),
                // 90 two days ago, 73.9 now: 16.1 points within 7 days (still green by hysteresis).
                new Case("a drop of 16.1 points", List.of(group(3, null, null), track("u1", NOW)), m -> {
                    scored(m, Band.GREEN, 90.0);
                    m.dailyHigh.put(TODAY.minusDays(2), 90.0);
                }, null, 73.9, Band.GREEN, true, "low", List.of(SignalType.HEALTH_DROPPED)),
                // Both seats active: 100 on seats and recency, green and at 100% of seats.
                new Case("green on every seat", List.of(group(2, null, null), track("u1", NOW), track("u2", NOW)), m -> {
                }, null, 100.0, Band.GREEN, true, "low",
                        List.of(SignalType.ACCOUNT_FIRST_SEEN, SignalType.EXPANSION_CANDIDATE)),
                // Renewal in 60 days: proximity 1 - 60/180 = 0.667 adds 0.8 to the log-odds.
                new Case("renewal in 60 days while yellow",
                        List.of(group(3, TODAY.plusDays(60), null), track("u1", NOW)),
                        m -> scored(m, Band.YELLOW, 70.0), null, 73.9, Band.YELLOW, true, "low",
                        List.of(SignalType.RENEWAL_APPROACHING)),
                // A known contact gives relationship data (no change in 90 days: 100, weight 5):
                // (20 * 47.8 + 20 * 100 + 5 * 100) / 45 = 76.8, short of 75 + 3 to leave yellow.
                new Case("a new primary contact", List.of(group(3, null, "bob"), track("u1", NOW)), m -> {
                    scored(m, Band.YELLOW, 73.9);
                    m.primaryContact = "ann";
                }, null, 76.8, Band.YELLOW, true, "low", List.of(SignalType.CONTACT_CHANGED)),
                // Last use 14 days ago: recency 30; usage trend 0 (nothing in the last 7 days):
                // (20 * 30 + 15 * 0) / 35 = 17.1; churn: -3 + 2 * 0.7 + 1 * 1 = -0.6 -> 0.354, medium.
                new Case("inactive for 14 days", List.of(track("u1", NOW.minus(Duration.ofDays(14)))),
                        m -> scored(m, Band.RED, 20.0), null, 17.1, Band.RED, true, "medium",
                        List.of(SignalType.INACTIVE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void scoresAndSignals(Case c) {
        AccountState state = new AccountState();
        c.events().forEach(e -> state.apply(e, CARD.events()));
        ScoreMemory memory = new ScoreMemory();
        c.memory().accept(memory);

        Assessment a = SCORER.assess(CARD, state, memory, NOW, new Trigger("event-1", "test", "u1"), c.override(), null);

        assertThat(a.score()).isEqualTo(c.score());
        assertThat(a.band()).isEqualTo(c.band());
        assertThat(a.health().partial()).isEqualTo(c.partial());
        assertThat(a.churn().level().wireName()).isEqualTo(c.churnLevel());
        assertThat(a.signals()).extracting(FiredSignal::type).containsExactlyElementsOf(c.signals());
        assertThat(a.overridden()).isEqualTo(c.override() != null);
        // Explained on read from the stored state and memory: the same as when it was scored.
        assertThat(SCORER.explain(CARD, state, memory, null))
                .isEqualTo(Explanation.of(CARD.version(), a.tier(), a.stage(), a.health(), a.churn(), memory));
    }

    @Test
    void anOverrideLeavesTheModelsScoreVisible() {
        AccountState state = history(group(3, null, null), track("u1", NOW));
        Assessment a = SCORER.assess(CARD, state, new ScoreMemory(), NOW, new Trigger("e", "test", null), 30.0, null);
        assertThat(a.health().score()).isEqualTo(73.9);
        assertThat(a.score()).isEqualTo(30.0);
    }

    @Test
    void inactivityFiresOncePerSilenceAndAgainAfterTheNextSilence() {
        Instant lastUse = NOW.minus(Duration.ofDays(14));
        AccountState state = history(track("u1", lastUse));
        ScoreMemory memory = new ScoreMemory();
        SCORER.assess(CARD, state, memory, lastUse, new Trigger("e1", "test", "u1"), null, null);

        List<FiredSignal> fired = new ArrayList<>();
        for (int day = 13; day <= 16; day++) {
            fired.addAll(SCORER.assess(CARD, state, memory, lastUse.plus(Duration.ofDays(day)),
                    Trigger.sweep(lastUse.plus(Duration.ofDays(day))), null, null).signals());
        }
        assertThat(fired).filteredOn(s -> s.type() == SignalType.INACTIVE).singleElement()
                .satisfies(s -> assertThat(s.episode()).isEqualTo(lastUse.toString()))
                .satisfies(s -> assertThat(s.reason()).isEqualTo("No activity for 14 days"));

        // Use again, then a new silence: a new episode, a new id.
        Instant back = lastUse.plus(Duration.ofDays(17));
        state.apply(track("u1", back), CARD.events());
        SCORER.assess(CARD, state, memory, back, new Trigger("e2", "test", "u1"), null, null);
        List<FiredSignal> later = SCORER.assess(CARD, state, memory, back.plus(Duration.ofDays(14)),
                Trigger.sweep(back.plus(Duration.ofDays(14))), null, null).signals();
        assertThat(later).filteredOn(s -> s.type() == SignalType.INACTIVE).singleElement()
                .satisfies(s -> assertThat(s.episode()).isEqualTo(back.toString()));
    }

    @Test
    void onboardingStallsWhenUsedWithoutSetupProgressOrTickets() {
        Instant start = NOW.minus(Duration.ofDays(20));
        AccountState stalled = history(setupStep("connect", start), track("u1", NOW));
        assertThat(SCORER.assess(CARD, stalled, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null).signals())
                .extracting(FiredSignal::type).contains(SignalType.ONBOARDING_STALLED);

        AccountState askedForHelp = history(setupStep("connect", start), ticket(NOW.minus(Duration.ofDays(3))),
                track("u1", NOW));
        assertThat(SCORER.assess(CARD, askedForHelp, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null)
                .signals()).extracting(FiredSignal::type).doesNotContain(SignalType.ONBOARDING_STALLED);
    }

    @Test
    void theSweepIsAskedBackWhenInactivityWouldBegin() {
        Instant lastUse = NOW.minus(Duration.ofDays(13)).minus(Duration.ofHours(2));
        AccountState state = history(track("u1", lastUse));
        Assessment a = SCORER.assess(CARD, state, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null);
        assertThat(a.nextCheck()).isEqualTo(lastUse.plus(Duration.ofDays(14)));
    }

    @Test
    void trendsCompareWithTheScoreSevenAndThirtyDaysBefore() {
        AccountState state = history(group(3, null, null), track("u1", NOW));
        ScoreMemory memory = new ScoreMemory();
        memory.dailyClose.put(TODAY.minusDays(8), 80.0);
        memory.dailyClose.put(TODAY.minusDays(31), 60.0);
        Assessment a = SCORER.assess(CARD, state, memory, NOW, new Trigger("e", "t", null), null, null);
        assertThat(a.trend7d()).isEqualTo(-6.1);
        assertThat(a.trend30d()).isEqualTo(13.9);
    }

    @ParameterizedTest(name = "mrr {0}, contract started {1} days ago -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            600000 | 200 | RECENCY         | 90.0
            600000 | 10  | SEAT_ACTIVATION | 36.7
            100000 | 10  | SEAT_ACTIVATION | 36.7
            100000 | 200 | ALL             | 0
            """)
    void aStageVariantWinsOverATierVariantAndTheTenantsScorecardOverBoth(long mrr, int contractDays,
            String measures, double score) {
        TenantScorecard card = new TenantScorecard(7, withVersion(Scorecard.defaults(), 7),
                Map.of("high-touch", only(Measure.RECENCY), "onboarding", only(Measure.SEAT_ACTIVATION)),
                CARD.events(), CARD.signals(), CARD.tiers());
        AccountTraits traits = new AccountTraits(null, null, BigDecimal.valueOf(mrr), "EUR", 4,
                TODAY.minusDays(contractDays), null, null, null, null, null, null, null, null);
        AccountState state = history(new UsageEvent("group", "admin", null, TrackProperties.NONE,
                traits, NOW.minus(Duration.ofDays(1))), track("u1", NOW.minus(Duration.ofDays(3))));

        ScoreMemory memory = new ScoreMemory();
        Assessment a = SCORER.assess(card, state, memory, NOW, new Trigger("e", "t", null), null, null);

        assertThat(a.health().scorecardVersion()).isEqualTo(7);
        assertThat(SCORER.explain(card, state, memory, null))
                .isEqualTo(Explanation.of(7, a.tier(), a.stage(), a.health(), a.churn(), memory));
        if (measures.equals("ALL")) {
            assertThat(a.health().measures()).hasSize(Measure.values().length);
        } else {
            // 3 idle days score 90 on the recency curve; 1 of 4 seats active scores 36.7.
            assertThat(a.health().measures()).extracting(m -> m.measure().name()).containsExactly(measures);
            assertThat(a.score()).isEqualTo(score);
        }
    }

    @Test
    void aPinDecidesTheTierAndTheExplanationSaysWhy() {
        // 100,000 a month is low-touch by revenue.
        AccountState state = history(group(10, null, "ceo@acme.example"), track("u1", NOW.minus(Duration.ofDays(1))));

        assertThat(SCORER.assess(CARD, state, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null).tier())
                .isEqualTo(new TouchTier.Choice(TouchTier.LOW_TOUCH, TouchTier.Basis.REVENUE));
        ScoreMemory memory = new ScoreMemory();
        Assessment pinned = SCORER.assess(CARD, state, memory, NOW, new Trigger("e", "t", null), null,
                TouchTier.HIGH_TOUCH);
        assertThat(pinned.tier()).isEqualTo(new TouchTier.Choice(TouchTier.HIGH_TOUCH, TouchTier.Basis.PIN));
        assertThat(SCORER.explain(CARD, state, memory, TouchTier.HIGH_TOUCH))
                .extracting(Explanation::tier, Explanation::tierBasis)
                .containsExactly("high-touch", "pin");
    }

    @Test
    void anAccountRenewingTodayIsInRenewalAndTheSweepLooksAgainWhenTheDatePasses() {
        AccountState state = history(group(10, TODAY, "ceo@acme.example"), track("u1", NOW.minus(Duration.ofDays(1))));

        Assessment today = SCORER.assess(CARD, state, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null);
        assertThat(today.stage()).isEqualTo(LifecycleStage.RENEWAL);
        assertThat(today.nextCheck()).isEqualTo(TODAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));

        Instant tomorrow = today.nextCheck();
        assertThat(SCORER.assess(CARD, state, new ScoreMemory(), tomorrow, Trigger.sweep(tomorrow), null, null).stage())
                .isEqualTo(LifecycleStage.CHURNED);
    }

    @ParameterizedTest(name = "first seen {0} days ago, usage: {1} -> {2}")
    @CsvSource(textBlock = """
            0,  false, unknown
            29, false, unknown
            30, false, known
            0,  true,  known
            """)
    void anAccountWithTraitsAndNoUsageHasNoChurnVerdictAndRaisesNoChurnSignal(int days, boolean used, String verdict) {
        Instant seen = NOW.minus(Duration.ofDays(days));
        // Four seats, none active, renewing in ten days: the priors alone would call that high.
        AccountTraits traits = new AccountTraits(null, null, new BigDecimal("100000"), "JPY", 4, null,
                TODAY.plusDays(10), null, null, null, null, null, null, null);
        AccountState state = used
                ? history(new UsageEvent("group", "admin", null, TrackProperties.NONE, traits, seen), track("u1", NOW))
                : history(new UsageEvent("group", "admin", null, TrackProperties.NONE, traits, seen));

        Assessment a = SCORER.assess(CARD, state, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null);

        if (verdict.equals("unknown")) {
            assertThat(a.churn()).isEqualTo(ChurnRisk.unknown(0, 0.5));
            assertThat(a.signals()).extracting(FiredSignal::type).doesNotContain(SignalType.CHURN_RISK_HIGH);
            // The sweep looks again when the verdict falls due.
            assertThat(a.nextCheck()).isBeforeOrEqualTo(seen.plus(Duration.ofDays(30)));
        } else {
            assertThat(a.churn().probability()).isNotNull();
            assertThat(a.churn().level()).isNotEqualTo(ChurnRisk.Level.UNKNOWN);
        }
    }

    @Test
    void aTrainedModelMakesTheChurnRiskAndItsThresholdDecidesTheSignal() {
        LearnedChurnModel model = new LearnedChurnModel(3, -1.0,
                List.of(new LearnedChurnModel.Term(ChurnFeatures.EVENTS_28D, 3.0, 1.0, -2.0)), 0.2, List.of());
        TenantScorecard card = CARD.withChurn(model);
        // One event in 28 days: log(2) = 0.693, 2.307 below the average: logit -1 + 4.614 = 3.614.
        AccountState state = history(track("u1", NOW));

        Assessment a = SCORER.assess(card, state, new ScoreMemory(), NOW, new Trigger("e", "t", null), null, null);

        assertThat(a.churn().modelVersion()).isEqualTo(3);
        assertThat(a.churn().probability()).isEqualTo(0.974);
        assertThat(a.churn().level()).isEqualTo(ChurnRisk.Level.HIGH);
        assertThat(a.churn().factors()).containsExactly(
                new ChurnRisk.Factor(ChurnFeatures.EVENTS_28D, 0.693, -2.0, 4.614, 3.0));
        assertThat(a.signals()).filteredOn(f -> f.type() == SignalType.CHURN_RISK_HIGH)
                .extracting(FiredSignal::reason)
                .containsExactly("Churn risk is 0.974 (high from 0.2, model version 3)");
    }

    @Test
    void churnFeaturesAreObservedAtEachMonthStartWithoutMovingTheDueMoments() {
        AccountState state = history(group(10, null, null), track("u1", NOW));
        ScoreMemory memory = new ScoreMemory();
        Assessment scored = SCORER.assess(CARD, state, memory, NOW, new Trigger("e", "t", null), null, null);
        Instant monthStart = Instant.parse("2026-07-01T00:00:00Z");

        assertThat(scored.nextCheck()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(SCORER.nextObservation(memory)).isEqualTo(monthStart);
        Map<String, Double> observed = SCORER.observe(CARD, state, memory, monthStart, null);

        assertThat(observed).containsKeys(ChurnFeatures.EVENTS_28D, ChurnFeatures.DAYS_SINCE_ACTIVITY,
                ChurnFeatures.HEALTH, ChurnFeatures.measure(Measure.RECENCY));
        assertThat(observed.get(ChurnFeatures.ACTIVE_DAYS)).isEqualTo(1.0);
        assertThat(memory.scoredAt).isEqualTo(NOW);
        assertThat(SCORER.nextObservation(memory)).isEqualTo(Instant.parse("2026-08-01T00:00:00Z"));
    }

    @Test
    void anAccountWithoutAVerdictIsNotObserved() {
        AccountState state = history(group(10, null, null));
        ScoreMemory memory = new ScoreMemory();
        SCORER.assess(CARD, state, memory, NOW, new Trigger("e", "t", null), null, null);

        assertThat(SCORER.observe(CARD, state, memory, Instant.parse("2026-07-01T00:00:00Z"), null)).isNull();
        assertThat(SCORER.nextObservation(memory)).isEqualTo(Instant.parse("2026-08-01T00:00:00Z"));
    }

    private static Scorecard only(Measure measure) {
        return new Scorecard(7, Map.of(measure, Scorecard.defaults().measures().get(measure)), Bands.DEFAULT);
    }

    private static Scorecard withVersion(Scorecard scorecard, int version) {
        return new Scorecard(version, scorecard.measures(), scorecard.bands());
    }

    private static void scored(ScoreMemory memory, Band band, double score) {
        memory.band = band;
        memory.effectiveBand = band;
        memory.score = score;
        memory.effectiveScore = score;
    }

    private static AccountState history(UsageEvent... events) {
        AccountState state = new AccountState();
        for (UsageEvent e : events) {
            state.apply(e, CARD.events());
        }
        return state;
    }

    static UsageEvent track(String user, Instant at) {
        return new UsageEvent("track", user, "Report Viewed", TrackProperties.NONE, null, at);
    }

    static UsageEvent setupStep(String step, Instant at) {
        TrackProperties properties = new TrackProperties(step, null, null, null, null);
        return new UsageEvent("track", "u1", "Setup Step Completed", properties, null, at);
    }

    static UsageEvent ticket(Instant at) {
        TrackProperties properties = new TrackProperties(null, "t-1", null, null, null);
        return new UsageEvent("track", "u1", "Ticket Opened", properties, null, at);
    }

    static UsageEvent group(int seats, LocalDate renewal, String contact) {
        AccountTraits traits = new AccountTraits(null, null, new BigDecimal("100000"), "JPY", seats, null, renewal, null,
                contact, null, null, null, null, null);
        return new UsageEvent("group", "admin", null, TrackProperties.NONE, traits,
                NOW.minus(Duration.ofDays(1)));
    }
}
