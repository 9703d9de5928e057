package io.touchline.scoring.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.touchline.scoring.domain.AccountScorer;
import io.touchline.scoring.domain.Explanation;
import io.touchline.scoring.domain.ScoreMemory;
import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.LifecycleStage;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.model.TouchTier;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.store.AccountHealth;
import io.touchline.scoring.store.ChurnModelStore;
import io.touchline.scoring.store.HealthHistory;
import io.touchline.scoring.store.ScorecardStore;
import io.touchline.scoring.store.TierPinStore;
import io.touchline.web.ProblemException;
import io.touchline.web.QueryParams;
import io.touchline.web.auth.CurrentCaller;
import io.touchline.web.auth.RequiresScope;
import io.touchline.web.auth.Scope;

/** Account health for CS ops, scoped to the caller's tenant. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope({ Scope.OPS, Scope.ADMIN })
public class AccountHealthResource {

    /**
     * The health of one account, with what made it: each measure's value, weight and contribution,
     * and each churn factor's part in the log-odds.
     */
    public record HealthView(String accountId, double score, String band, boolean overridden, double computedScore,
            boolean partial, int scorecardVersion, Double churnProbability, String churnLevel, int churnModelVersion,
            Double trend7d,
            Double trend30d, String tier, String stage, Instant lastActivityAt, Instant firstSeenAt,
            Instant lastEventAt, long eventsApplied, Explanation explanation) {

        static HealthView of(AccountHealth a, Explanation explanation) {
            return new HealthView(a.accountId, a.score, a.band, a.overridden, a.computedScore, a.partial,
                    a.scorecardVersion, a.churnProbability, a.churnLevel, a.churnModelVersion, a.trend7d, a.trend30d, a.tier,
                    a.stage,
                    a.lastActivityAt, a.firstSeenAt, a.lastEventAt, a.eventsApplied, explanation);
        }
    }

    /** One page of accounts. */
    public record AccountPage(List<HealthView> items, long total, int offset, int limit) {
    }

    static final int MAX_PAGE = 500;
    static final Map<String, String> SORTS = Map.of("score", "score", "churn", "churnProbability", "trend7d",
            "trend7d", "trend30d", "trend30d", "accountId", "accountId", "lastActivity", "lastActivityAt");
    static final Set<String> BANDS = Arrays.stream(Band.values()).map(Band::wireName)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> RISKS = Arrays.stream(ChurnRisk.Level.values()).map(ChurnRisk.Level::wireName)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> TIERS = Arrays.stream(TouchTier.values()).map(TouchTier::wireName)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> STAGES = Arrays.stream(LifecycleStage.values()).map(LifecycleStage::wireName)
            .collect(Collectors.toUnmodifiableSet());
    /** Deep enough for any listing; far from where offset and limit could overflow. */
    static final int MAX_OFFSET = 10_000_000;

    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final AccountScorer scorer;
    private final ScorecardStore scorecards;
    private final TierPinStore pins;
    private final ChurnModelStore churnModels;

    public AccountHealthResource(CurrentCaller caller, ObjectMapper mapper, AccountScorer scorer,
            ScorecardStore scorecards, TierPinStore pins, ChurnModelStore churnModels) {
        this.churnModels = churnModels;
        this.caller = caller;
        this.mapper = mapper;
        this.scorer = scorer;
        this.scorecards = scorecards;
        this.pins = pins;
    }

    /** One score change. */
    public record HistoryEntry(Instant scoredAt, double score, String band, Double churnProbability, boolean partial,
            String causedBy) {
    }

    static final int MAX_HISTORY = 1000;

    /** Score changes, newest first, optionally up to a moment ({@code until}, ISO-8601). */
    @GET
    @Path("/{accountId}/history")
    @WithSession
    public Uni<List<HistoryEntry>> history(@PathParam("accountId") String accountId,
            @QueryParam("limit") String limitParam, @QueryParam("until") String until) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 100, 1, MAX_HISTORY);
        Instant upTo;
        try {
            upTo = until == null ? Instant.now() : Instant.parse(until);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalidField("until", "iso-8601", "must be an ISO-8601 instant");
        }
        return AccountHealth.find(caller.tenantId(), accountId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account '" + accountId + "' in this tenant"))
                .flatMap(account -> HealthHistory.of(caller.tenantId(), accountId, upTo, limit))
                .map(entries -> entries.stream()
                        .map(h -> new HistoryEntry(h.scoredAt, h.score, h.band, h.churn, h.partial, h.causedBy))
                        .toList());
    }

    /**
     * The tenant's accounts, filtered by band, churn risk level, tier, stage and 7-day trend, sorted
     * ({@code sort=-churn}: descending), a page at a time. Explanations are left out; ask one
     * account's health for its explanation.
     */
    @GET
    @WithSession
    public Uni<AccountPage> list(@QueryParam("band") List<String> bands, @QueryParam("risk") List<String> risks,
            @QueryParam("tier") String tier, @QueryParam("stage") String stage,
            @QueryParam("trend7dBelow") String trendBelowParam, @QueryParam("trend7dAbove") String trendAboveParam,
            @QueryParam("sort") @DefaultValue("score") String sort, @QueryParam("offset") String offsetParam,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.wholeNumber("limit", limitParam, 50, 1, MAX_PAGE);
        int offset = QueryParams.wholeNumber("offset", offsetParam, 0, 0, MAX_OFFSET);
        Double trendBelow = QueryParams.optionalNumber("trend7dBelow", trendBelowParam);
        Double trendAbove = QueryParams.optionalNumber("trend7dAbove", trendAboveParam);
        if (tier != null && !TIERS.contains(tier)) {
            throw ProblemException.invalidField("tier", "enum", "must be one of " + new java.util.TreeSet<>(TIERS));
        }
        if (stage != null && !STAGES.contains(stage)) {
            throw ProblemException.invalidField("stage", "enum", "must be one of " + new java.util.TreeSet<>(STAGES));
        }
        for (String band : bands) {
            if (!BANDS.contains(band)) {
                throw ProblemException.invalidField("band", "enum", "must be one of red, yellow, green");
            }
        }
        for (String risk : risks) {
            if (!RISKS.contains(risk)) {
                throw ProblemException.invalidField("risk", "enum", "must be one of unknown, low, medium, high");
            }
        }
        boolean descending = sort.startsWith("-");
        String field = SORTS.get(descending ? sort.substring(1) : sort);
        if (field == null) {
            throw ProblemException.invalidField("sort", "enum",
                    "must be one of " + new java.util.TreeSet<>(SORTS.keySet()) + ", optionally prefixed with -");
        }
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", caller.tenantId());
        if (!bands.isEmpty()) {
            query.append(" and band in :bands");
            parameters.and("bands", bands);
        }
        if (!risks.isEmpty()) {
            query.append(" and churnLevel in :risks");
            parameters.and("risks", risks);
        }
        if (tier != null) {
            query.append(" and tier = :tier");
            parameters.and("tier", tier);
        }
        if (stage != null) {
            query.append(" and stage = :stage");
            parameters.and("stage", stage);
        }
        if (trendBelow != null) {
            query.append(" and trend7d < :below");
            parameters.and("below", trendBelow);
        }
        if (trendAbove != null) {
            query.append(" and trend7d > :above");
            parameters.and("above", trendAbove);
        }
        // The account id breaks ties, so pages do not overlap.
        Sort order = Sort.by(field, descending ? Sort.Direction.Descending : Sort.Direction.Ascending,
                Sort.NullPrecedence.NULLS_LAST).and("accountId");
        var found = AccountHealth.<AccountHealth> find(query.toString(), order, parameters);
        return found.range(offset, offset + limit - 1).list()
                .flatMap(accounts -> found.count().map(total -> new AccountPage(
                        accounts.stream().map(a -> HealthView.of(a, null)).toList(), total, offset, limit)));
    }

    @GET
    @Path("/{accountId}/health")
    @WithSession
    public Uni<HealthView> health(@PathParam("accountId") String accountId) {
        return AccountHealth.find(caller.tenantId(), accountId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No account '" + accountId + "' in this tenant"))
                .flatMap(a -> scorecards.version(a.tenantId, a.scorecardVersion)
                        // The churn model the score was made with, which may no longer be the active one.
                        .flatMap(card -> card == null ? Uni.createFrom().<TenantScorecard> nullItem()
                                : churnModels.model(a.tenantId, a.churnModelVersion)
                                        .map(model -> model == null ? card : card.withChurn(model)))
                        .flatMap(card -> pins.activeTier(a.tenantId, a.accountId)
                                .map(pin -> HealthView.of(a, card == null ? null : explain(a, card, pin)))));
    }

    /** Explained on read from the state and memory stored with the score, not stored itself. */
    private Explanation explain(AccountHealth a, TenantScorecard card, String tierPin) {
        try {
            return scorer.explain(card, mapper.readValue(a.state, AccountState.class),
                    mapper.readValue(a.memory, ScoreMemory.class), TouchTier.ofWireName(tierPin));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("state and memory are written by scoring as JSON", e);
        }
    }
}
