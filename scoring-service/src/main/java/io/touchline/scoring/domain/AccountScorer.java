package io.touchline.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.touchline.scoring.domain.churn.ChurnFeatures;
import io.touchline.scoring.domain.churn.ChurnPolicy;
import io.touchline.scoring.domain.churn.ChurnPredictor;
import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.Health;
import io.touchline.scoring.domain.model.HealthModel;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.Scorecard;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.signal.FiredSignal;
import io.touchline.scoring.domain.signal.SignalRules;
import io.touchline.scoring.domain.signal.SignalType;
import io.touchline.scoring.domain.state.AccountState;

/**
 * Scores an account from its state and decides which signals fire. Pure: the same state, memory,
 * scorecard, moment and trigger always give the same assessment and the same memory after it.
 * <p>
 * Conditions that last (a drop, high churn risk, inactivity, a stall, an expansion chance, a
 * renewal) fire once when they begin, as an <em>episode</em> kept open in the memory until the
 * condition ends; events (first sight, a band change, a contact change) fire each time.
 */
public final class AccountScorer {

    private final ChurnPolicy churnPolicy;

    public AccountScorer(ChurnPolicy churnPolicy) {
        this.churnPolicy = churnPolicy;
    }

    /**
     * @param asOf the model's clock: the newest event time when scoring on events, the sweep's
     *        clock when time alone moves the score
     * @param override the manual override's score while one is active, else null
     * @param tierPin the tier set by hand while a pin is active, else null
     */
    public Assessment assess(TenantScorecard card, AccountState state, ScoreMemory memory, Instant asOf, Trigger trigger,
            Double override, TouchTier tierPin) {
        LocalDate today = AccountState.day(asOf);
        Model model = model(card, state, memory, asOf, today, tierPin);
        TouchTier.Choice tier = model.tier();
        LifecycleStage stage = model.stage();
        Scorecard scorecard = model.scorecard();
        Health health = model.health();
        ChurnRisk churn = model.churn();
        double score = override != null ? override : health.score();
        Band band = override != null ? scorecard.bands().of(override) : health.band();

        boolean first = memory.score == null;
        Double before = memory.effectiveScore;
        Band bandBefore = memory.effectiveBand;
        memory.score = health.score();
        memory.band = health.band();
        memory.effectiveScore = score;
        memory.effectiveBand = band;
        memory.scoredAt = asOf;
        memory.remember(new ScoreMemory.Move(trigger.id(), trigger.cause(), asOf, before == null ? score : before, score));
        memory.record(today, score);

        List<FiredSignal> signals = new ArrayList<>();
        SignalRules rules = card.signals();
        if (first) {
            signals.add(new FiredSignal(SignalType.ACCOUNT_FIRST_SEEN, "first", "First event seen for this account"));
        } else if (band != bandBefore) {
            signals.add(new FiredSignal(SignalType.HEALTH_BAND_CHANGED, trigger.id(),
                    "Health went from " + bandBefore.wireName() + " to " + band.wireName()));
        }
        if (memory.primaryContact != null && state.primaryContact != null
                && !memory.primaryContact.equals(state.primaryContact)) {
            signals.add(new FiredSignal(SignalType.CONTACT_CHANGED, state.primaryContact + "@" + today,
                    "Primary contact changed from " + memory.primaryContact + " to " + state.primaryContact));
        }
        memory.primaryContact = state.primaryContact;

        Double high = memory.high(today, rules.dropDays());
        episode(memory, signals, SignalType.HEALTH_DROPPED, high != null && high - score >= rules.dropPoints(),
                trigger::id, () -> "Health fell " + round1(high - score) + " points below its " + rules.dropDays()
                        + "-day high of " + high);
        episode(memory, signals, SignalType.CHURN_RISK_HIGH, churn.level() == ChurnRisk.Level.HIGH, trigger::id,
                () -> "Churn risk is " + churn.probability() + " (high from " + churn.highThreshold() + ", "
                        + (churn.modelVersion() == 0 ? "built-in priors" : "model version " + churn.modelVersion()) + ")");
        double idleDays = state.lastActivity == null ? 0 : days(state.lastActivity, asOf);
        episode(memory, signals, SignalType.INACTIVE, state.lastActivity != null && idleDays >= rules.inactiveDays(),
                () -> String.valueOf(state.lastActivity), () -> "No activity for " + (long) idleDays + " days");
        Instant progress = state.lastSetupStep != null ? state.lastSetupStep : state.firstSeen;
        boolean stalled = state.setupSteps.size() < card.events().setupSteps() && progress != null
                && days(progress, asOf) >= rules.stallDays()
                && state.lastActivity != null && days(state.lastActivity, asOf) < rules.stallActiveDays()
                && (state.lastTicketOpened == null || state.lastTicketOpened.isBefore(progress));
        episode(memory, signals, SignalType.ONBOARDING_STALLED, stalled, () -> String.valueOf(progress),
                () -> "Setup at " + state.setupSteps.size() + " of " + card.events().setupSteps()
                        + " steps with no progress for " + (long) days(progress, asOf)
                        + " days, while in use, and no support ticket");
        int active = state.activeUsers(30, asOf);
        boolean expansion = band == Band.GREEN && state.seats != null && state.seats > 0
                && active >= rules.expansionSeatShare() * state.seats;
        episode(memory, signals, SignalType.EXPANSION_CANDIDATE, expansion, trigger::id,
                () -> "Green and using " + active + " of " + state.seats + " seats");
        Long toRenewal = state.daysToRenewal(asOf);
        boolean renewalWindow = toRenewal != null && toRenewal >= 0 && toRenewal <= rules.renewalDays();
        // One per renewal: the episode stays open for the whole window once fired, however the
        // band moves within it.
        boolean renewalOpen = memory.episodes.containsKey(SignalType.RENEWAL_APPROACHING.name());
        episode(memory, signals, SignalType.RENEWAL_APPROACHING, renewalWindow && (renewalOpen || band != Band.GREEN),
                () -> String.valueOf(state.renewalDate),
                () -> "Renewal in " + toRenewal + " days while health is " + band.wireName());

        Double trend7 = memory.trend(today, 7, score);
        Double trend30 = memory.trend(today, 30, score);
        return new Assessment(health, churn, score, band, override != null, trend7, trend30, tier, stage,
                List.copyOf(signals), nextCheck(card, state, asOf));
    }

    /**
     * Explains the account's latest score from its state and memory as stored with it: the model
     * is deterministic, so running it again at the moment of that score gives the measures and
     * churn factors it had, and the memory holds the moves.
     *
     * @param card the scorecard version the score was made with
     * @param tierPin the account's active tier pin, else null
     * @return null when the account was never scored
     */
    public Explanation explain(TenantScorecard card, AccountState state, ScoreMemory memory, TouchTier tierPin) {
        if (memory.scoredAt == null) {
            return null;
        }
        Model model = model(card, state, memory, memory.scoredAt, AccountState.day(memory.scoredAt), tierPin);
        return Explanation.of(card.version(), model.tier(), model.stage(), model.health(), model.churn(), memory);
    }

    /** The scorecard that applies to the account and what it makes of the state at asOf. */
    private Model model(TenantScorecard card, AccountState state, ScoreMemory memory, Instant asOf, LocalDate today,
            TouchTier tierPin) {
        TouchTier.Choice tier = card.tiers().choose(tierPin, state.mrr, state.importance, state.expansionPotential);
        LifecycleStage stage = LifecycleStage.of(today, state.contractStart != null ? state.contractStart
                : state.firstSeen == null ? null : AccountState.day(state.firstSeen), state.renewalDate, state.status);
        Scorecard scorecard = card.forAccount(tier.tier(), stage);
        // The band before this score when scoring (hysteresis), after it when explaining: the
        // measures and churn risk an explanation shows do not depend on it.
        Health health = HealthModel.score(scorecard, state.measureInputs(card.events(), asOf), memory.band);
        ChurnPredictor predictor = card.churn();
        ChurnRisk churn = noVerdict(state, asOf) ? ChurnRisk.unknown(predictor.version(), predictor.highThreshold())
                : predictor.predict(predictor.readsUsage() ? ChurnFeatures.of(state, card.events(), health, asOf)
                        : ChurnFeatures.measuresAndRenewal(health, state.daysToRenewal(asOf)));
        return new Model(tier, stage, scorecard, health, churn);
    }

    /** No verdict from traits alone: until the first usage, or until the account has been known a while. */
    private boolean noVerdict(AccountState state, Instant asOf) {
        return state.lastActivity == null
                && (state.firstSeen == null || days(state.firstSeen, asOf) < churnPolicy.unknownDays());
    }

    /**
     * The churn observation moments after the last one passed, up to and including
     * {@code until}, in order; the caller observes each with {@link #observe} before anything
     * after it is applied.
     */
    public Instant nextObservation(ScoreMemory memory) {
        Instant from = memory.observedAt != null ? memory.observedAt : memory.scoredAt;
        return from == null ? null : churnPolicy.observeEvery().next(from);
    }

    /**
     * The account's churn features at {@code at}, to train on, as live scoring would compute them
     * then; null while there is no verdict. Changes nothing but the memory's observation cursor.
     */
    public Map<String, Double> observe(TenantScorecard card, AccountState state, ScoreMemory memory, Instant at,
            TouchTier tierPin) {
        memory.observedAt = at;
        if (noVerdict(state, at)) {
            return null;
        }
        Model model = model(card, state, memory, at, AccountState.day(at), tierPin);
        return ChurnFeatures.of(state, card.events(), model.health(), at);
    }

    private record Model(TouchTier.Choice tier, LifecycleStage stage, Scorecard scorecard, Health health, ChurnRisk churn) {
    }

    private static void episode(ScoreMemory memory, List<FiredSignal> signals, SignalType type, boolean holds,
            Supplier<String> episode, Supplier<String> reason) {
        // Ids and reasons are only built when an episode opens: most scores open none.
        if (!holds) {
            memory.episodes.remove(type.name());
        } else if (!memory.episodes.containsKey(type.name())) {
            String opened = episode.get();
            memory.episodes.put(type.name(), opened);
            signals.add(new FiredSignal(type, opened, reason.get()));
        }
    }

    /**
     * The next moment time alone may change the outcome: a day on (recency decays), inactivity or
     * a stall reaching its threshold, the renewal window opening, the renewal date passing (the
     * account churns unless a later date arrived), and the churn risk's verdict becoming due.
     */
    private Instant nextCheck(TenantScorecard card, AccountState state, Instant asOf) {
        SignalRules rules = card.signals();
        Instant next = asOf.plus(Duration.ofDays(1));
        if (state.lastActivity == null && state.firstSeen != null) {
            next = earlierWithin(asOf, next, state.firstSeen.plus(Duration.ofDays(churnPolicy.unknownDays())));
        }
        if (state.lastActivity != null) {
            next = earlierWithin(asOf, next, state.lastActivity.plus(Duration.ofDays(rules.inactiveDays())));
        }
        Instant progress = state.lastSetupStep != null ? state.lastSetupStep : state.firstSeen;
        if (progress != null && state.setupSteps.size() < card.events().setupSteps()) {
            next = earlierWithin(asOf, next, progress.plus(Duration.ofDays(rules.stallDays())));
        }
        if (state.renewalDate != null) {
            next = earlierWithin(asOf, next,
                    state.renewalDate.minusDays(rules.renewalDays()).atStartOfDay().toInstant(ZoneOffset.UTC));
            next = earlierWithin(asOf, next, state.renewalDate.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        return next;
    }

    /** The candidate when it lies after asOf and before next, else next. */
    private static Instant earlierWithin(Instant asOf, Instant next, Instant candidate) {
        return candidate.isAfter(asOf) && candidate.isBefore(next) ? candidate : next;
    }

    private static double days(Instant from, Instant to) {
        return Math.max(0, AccountState.minutesBetween(from, to) / 1440.0);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
