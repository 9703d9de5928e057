package io.touchline.scoring.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.touchline.messaging.Channels;
import io.touchline.messaging.Envelope;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.IdempotentConsumer;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Topics;
import io.touchline.messaging.contract.HealthScore;
import io.touchline.messaging.contract.HealthSignal;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.messaging.outbox.Outbox;
import io.touchline.scoring.domain.Band;
import io.touchline.scoring.domain.FirstSight;
import io.touchline.scoring.store.AccountHealth;

/** Applies usage events to account state; a first-seen account also yields a signal and a score. */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String CONSUMER = "scoring-service";

    private final IdempotentConsumer consumer;
    private final Outbox outbox;
    private final EnvelopeCodec codec;

    public UsageEventsConsumer(IdempotentConsumer consumer, Outbox outbox, EnvelopeCodec codec) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.codec = codec;
    }

    @Incoming(Channels.USAGE_EVENTS_IN)
    public Uni<Void> onUsageEvent(String value) {
        return consumer.consume(CONSUMER, value, this::apply);
    }

    Uni<Void> apply(Mutiny.Session session, Envelope event) {
        if (!event.type().startsWith(MessageTypes.USAGE_PREFIX)) {
            throw new PoisonMessageException("not a usage event: " + event.type());
        }
        return AccountHealth.find(event.tenantId(), event.accountId()).flatMap(existing -> {
            if (existing != null) {
                existing.eventsApplied++;
                if (event.eventTime().isAfter(existing.lastEventAt)) {
                    existing.lastEventAt = event.eventTime();
                }
                return Uni.createFrom().voidItem();
            }
            return firstSight(session, event);
        });
    }

    private Uni<Void> firstSight(Mutiny.Session session, Envelope event) {
        AccountHealth account = new AccountHealth();
        account.accountKey = event.key();
        account.tenantId = event.tenantId();
        account.accountId = event.accountId();
        account.score = FirstSight.PLACEHOLDER_SCORE;
        account.band = Band.of(account.score).wireName();
        account.firstSeenAt = event.eventTime();
        account.lastEventAt = event.eventTime();
        account.eventsApplied = 1;

        Instant now = Instant.now();
        HealthSignal signal = FirstSight.signal(event.tenantId(), event.accountId(),
                userIdOf(event));
        Envelope signalMessage = new Envelope(signal.signalId(), MessageTypes.HEALTH_SIGNAL, event.tenantId(),
                event.accountId(), event.eventTime(), now, codec.toTree(signal));
        Envelope scoreMessage = new Envelope(event.id() + ":score", MessageTypes.HEALTH_SCORE, event.tenantId(),
                event.accountId(), event.eventTime(), now,
                codec.toTree(new HealthScore(account.score, account.band, true, 0)));
        return account.persist()
                .flatMap(persisted -> outbox.add(session, Topics.HEALTH_SIGNALS, signalMessage))
                .flatMap(queued -> outbox.add(session, Topics.HEALTH_SCORES, scoreMessage));
    }

    /** The Segment user id, when the event has a usable one (anonymous events have none). */
    private static String userIdOf(Envelope event) {
        var userId = event.payload().get("userId");
        return userId != null && userId.isTextual() && !userId.asText().isBlank() ? userId.asText() : null;
    }
}
