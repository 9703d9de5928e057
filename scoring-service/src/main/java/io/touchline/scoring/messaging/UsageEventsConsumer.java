package io.touchline.scoring.messaging;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.IdempotentConsumer;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.AccountTraits;
import io.touchline.messaging.contract.HealthScore;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.scoring.domain.BandChange;
import io.touchline.scoring.domain.FirstSight;
import io.touchline.scoring.domain.model.Band;
import io.touchline.scoring.domain.model.ChurnModel;
import io.touchline.scoring.domain.model.ChurnRisk;
import io.touchline.scoring.domain.model.Health;
import io.touchline.scoring.domain.model.HealthModel;
import io.touchline.scoring.domain.model.Scorecard;
import io.touchline.scoring.domain.state.AccountState;
import io.touchline.scoring.domain.state.EventVocabulary;
import io.touchline.scoring.domain.state.UsageEvent;
import io.touchline.scoring.store.AccountHealth;
import io.touchline.scoring.store.HealthHistory;

/**
 * Applies each usage event to its account's state and re-scores the account on the spot: health
 * with its explanation, and churn risk. A first-seen account and a band change yield signals; a
 * changed score goes to {@code health-scores}. State, score and outgoing messages commit in one
 * transaction with the inbox entry.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String CONSUMER = "scoring-service";

    // Per-tenant scorecards and vocabularies come with their configuration API; until then
    // every tenant is scored with the documented defaults.
    private static final Scorecard SCORECARD = Scorecard.defaults();
    private static final EventVocabulary VOCABULARY = EventVocabulary.DEFAULT;
    private static final ChurnModel CHURN = ChurnModel.defaults();

    private final IdempotentConsumer consumer;
    private final Outbox outbox;
    private final EnvelopeCodec codec;
    private final ObjectMapper mapper;

    public UsageEventsConsumer(IdempotentConsumer consumer, Outbox outbox, EnvelopeCodec codec, ObjectMapper mapper) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.codec = codec;
        this.mapper = mapper;
    }

    @Incoming(Channels.USAGE_EVENTS_IN)
    public Uni<Void> onUsageEvent(String value) {
        return consumer.consume(CONSUMER, value, this::apply);
    }

    Uni<Void> apply(Mutiny.Session session, Envelope event) {
        if (!event.type().startsWith(MessageTypes.USAGE_PREFIX)) {
            throw new PoisonMessageException("not a usage event: " + event.type());
        }
        UsageEvent usage = usageEvent(event);
        return AccountHealth.find(event.tenantId(), event.accountId()).flatMap(existing -> {
            boolean first = existing == null;
            AccountHealth account = first ? newAccount(event) : existing;
            AccountState state = first ? new AccountState() : readState(account.state);
            state.apply(usage, VOCABULARY);

            Band before = first ? null : Band.valueOf(account.band.toUpperCase(Locale.ROOT));
            Instant asOf = state.newestEvent;
            Health health = HealthModel.score(SCORECARD, state.measureInputs(VOCABULARY, asOf), before);
            ChurnRisk churn = CHURN.predict(health, state.daysToRenewal(asOf));
            boolean scoreChanged = first || health.score() != account.score || health.band() != before;

            account.eventsApplied++;
            if (event.eventTime().isAfter(account.lastEventAt)) {
                account.lastEventAt = event.eventTime();
            }
            account.state = write(state);
            account.score = health.score();
            account.band = health.band().wireName();
            account.partial = health.partial();
            account.scorecardVersion = health.scorecardVersion();
            account.churnProbability = churn.probability();
            account.churnLevel = churn.level().wireName();
            account.explanation = write(Map.of("measures", health.measures(), "churn", churn));

            Uni<Void> done = first ? account.persist().replaceWithVoid() : Uni.createFrom().voidItem();
            Instant now = Instant.now();
            if (first) {
                HealthSignal signal = FirstSight.signal(event.tenantId(), event.accountId(), usage.userId(),
                        health.score(), account.band);
                done = done.flatMap(x -> outbox.add(session, Topics.HEALTH_SIGNALS, signalMessage(event, signal, now)));
            } else if (health.band() != before) {
                HealthSignal signal = BandChange.signal(event.tenantId(), event.accountId(), event.id(), before,
                        health.band(), health.score(), usage.userId());
                done = done.flatMap(x -> outbox.add(session, Topics.HEALTH_SIGNALS, signalMessage(event, signal, now)));
            }
            if (scoreChanged) {
                HealthHistory entry = new HealthHistory();
                entry.accountKey = account.accountKey;
                entry.scoredAt = asOf;
                entry.score = health.score();
                entry.band = account.band;
                entry.churn = churn.probability();
                entry.partial = health.partial();
                entry.causedBy = event.id();
                done = done.flatMap(x -> entry.persist()).replaceWithVoid();
                Envelope score = new Envelope(event.id() + ":score", MessageTypes.HEALTH_SCORE, event.tenantId(),
                        event.accountId(), event.eventTime(), now, codec.toTree(
                                new HealthScore(health.score(), account.band, health.partial(), health.scorecardVersion())));
                done = done.flatMap(x -> outbox.add(session, Topics.HEALTH_SCORES, score));
            }
            return done;
        });
    }

    private Envelope signalMessage(Envelope cause, HealthSignal signal, Instant now) {
        return new Envelope(signal.signalId(), MessageTypes.HEALTH_SIGNAL, cause.tenantId(), cause.accountId(),
                cause.eventTime(), now, codec.toTree(signal));
    }

    private static AccountHealth newAccount(Envelope event) {
        AccountHealth account = new AccountHealth();
        account.accountKey = event.key();
        account.tenantId = event.tenantId();
        account.accountId = event.accountId();
        account.firstSeenAt = event.eventTime();
        account.lastEventAt = event.eventTime();
        return account;
    }

    private UsageEvent usageEvent(Envelope event) {
        JsonNode payload = event.payload();
        AccountTraits traits = payload.hasNonNull("accountTraits")
                ? readTraits(payload.get("accountTraits"))
                : null;
        JsonNode properties = payload.path("properties").isObject() ? payload.get("properties")
                : mapper.createObjectNode();
        return new UsageEvent(event.type().substring(MessageTypes.USAGE_PREFIX.length()), userIdOf(payload),
                payload.path("event").isTextual() ? payload.get("event").asText() : null, properties, traits,
                event.eventTime());
    }

    private AccountTraits readTraits(JsonNode node) {
        try {
            return mapper.treeToValue(node, AccountTraits.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("accountTraits do not fit the contract: " + e.getMessage(), e);
        }
    }

    private AccountState readState(String json) {
        try {
            return mapper.readValue(json, AccountState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored account state is written by this class", e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("account state and explanations are plain data", e);
        }
    }

    /** The Segment user id, when the event has a usable one (anonymous events have none). */
    private static String userIdOf(JsonNode payload) {
        JsonNode userId = payload.get("userId");
        return userId != null && userId.isTextual() && !userId.asText().isBlank() ? userId.asText() : null;
    }
}
