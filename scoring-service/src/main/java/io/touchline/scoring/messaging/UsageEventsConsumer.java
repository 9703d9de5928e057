package io.touchline.scoring.messaging;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.touchline.messaging.Channels;
import io.touchline.messaging.DeadLetters;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.Instants;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Polls;
import io.touchline.messaging.contract.AccountTraits;
import io.touchline.messaging.contract.MessageTypes;
import io.touchline.scoring.application.ScoreRecorder;
import io.touchline.scoring.domain.Trigger;
import io.touchline.scoring.domain.model.TenantScorecard;
import io.touchline.scoring.domain.state.TrackProperties;
import io.touchline.scoring.domain.state.UsageEvent;
import io.touchline.scoring.store.AccountCache;
import io.touchline.scoring.store.AccountRow;
import io.touchline.scoring.store.AccountStore;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies each poll of usage events in one transaction: the poll's partitions are claimed, and
 * records delivered again and ids seen within the dedupe window skipped ({@link SeenIds}), the
 * accounts it touches are locked, and those not kept current in memory since the consumer's last
 * write of them read ({@link AccountCache}, ADR 0012), every fresh event is applied to its
 * account's state, account by account and each account's in offset order (ADR 0012), and the
 * account re-scored after each event, then all rows, history, outgoing messages and the poll's
 * ids are written in four statements. The poll is acknowledged, and its offsets
 * committed, only after that commit and after its poison records reached
 * {@code usage-events.dlq}.
 * <p>
 * A database outage is retried for as long as it lasts (readiness is DOWN meanwhile) and never
 * dead-letters anything. Any other failure of a poll makes it go again one record per
 * transaction, so a record that cannot be applied is dead-lettered alone and the stream goes on.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String CONSUMER = "scoring-service";

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

    /** A decoded record, ready to apply. */
    record Item(TopicPartition partition, ConsumerRecord<String, byte[]> record,
            EnvelopeCodec.Typed<UsagePayload> envelope, UsageEvent usage, String key) {
    }

    /** What scoring reads of a usage payload; the rest (context, raw traits) is skipped unread. */
    record UsagePayload(String userId, String event, TrackProperties properties, AccountTraits traits,
            boolean historical) {
    }

    /** What a transaction did. */
    record Outcome(int applied, int duplicates, List<Item> appliedItems, ScoreRecorder.Changes changes,
            SeenIds.Claim claim) {

        static final Outcome NONE = new Outcome(0, 0, List.of(), new ScoreRecorder.Changes(), null);

        /** The outcomes of a poll applied in several transactions, as one. */
        static Outcome sum(List<Outcome> outcomes) {
            if (outcomes.size() == 1) {
                return outcomes.get(0);
            }
            return new Outcome(outcomes.stream().mapToInt(Outcome::applied).sum(),
                    outcomes.stream().mapToInt(Outcome::duplicates).sum(),
                    outcomes.stream().flatMap(o -> o.appliedItems().stream()).toList(), NONE.changes(), null);
        }
    }

    private final Pool pool;
    private final ConsumerLanes lanes;
    private final SeenIds seen;
    private final AccountStore accounts;
    private final AccountCache cache;
    private final ScorecardStore scorecards;
    private final ScoreRecorder recorder;
    private final EnvelopeCodec codec;
    private final ObjectReader traitsReader;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MeterRegistry registry;
    private final Timer latency;
    private final Timer batchTime;

    public UsageEventsConsumer(Pool pool, ConsumerLanes lanes, SeenIds seen, AccountStore accounts, AccountCache cache,
            ScorecardStore scorecards,
            ScoreRecorder recorder, EnvelopeCodec codec, ObjectMapper mapper,
            // A poll's dead letters are sent at once, before any acknowledgement; the poll's size bounds them.
            @Channel(Channels.USAGE_EVENTS_DLQ_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> deadLetters,
            MeterRegistry registry) {
        this.pool = pool;
        this.lanes = lanes;
        this.seen = seen;
        this.accounts = accounts;
        this.cache = cache;
        this.scorecards = scorecards;
        this.recorder = recorder;
        this.codec = codec;
        this.traitsReader = mapper.readerFor(AccountTraits.class);
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.latency = Timer.builder("touchline.scoring.event.latency")
                .description("From an event's timestamp to the commit of the score it moved (historical events excluded)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.batchTime = Timer.builder("touchline.scoring.poll.duration")
                .description("Time to apply one poll of usage events, commit included")
                .register(registry);
    }

    /** Applies a poll on its consumer's own event loop ({@link ConsumerLanes}). */
    @Incoming(Channels.USAGE_EVENTS_IN)
    public Uni<Void> onUsageEvents(ConsumerRecords<String, byte[]> records) {
        Executor lane = lanes.of(Vertx.currentContext());
        return Uni.createFrom().deferred(() -> applyPoll(records, lane)).runSubscriptionOn(lane);
    }

    private Uni<Void> applyPoll(ConsumerRecords<String, byte[]> records, Executor lane) {
        long start = System.nanoTime();
        List<Item> items = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    items.add(decode(partition, record));
                } catch (PoisonMessageException e) {
                    poison.add(record);
                    reasons.add("poison: " + e.getMessage());
                }
            }
        }
        return Polls.applyAllOrEach(lane, items, this::applyAll, (item, failure) -> {
            LOG.errorf(failure, "%s cannot be applied; it goes to the dead-letter topic", item.envelope().id());
            poison.add(item.record());
            reasons.add("failed: " + failure);
            count("failed", 1);
        })
                .map(Outcome::sum)
                .flatMap(outcome -> DeadLetters.send(deadLetters, poison, reasons).replaceWith(outcome))
                .invoke(outcome -> {
                    count("applied", outcome.applied());
                    count("duplicate", outcome.duplicates());
                    count("poison", poison.size());
                    Instant now = Instant.now();
                    for (Item item : outcome.appliedItems()) {
                        if (!item.envelope().payload().historical()) {
                            latency.record(Instants.nanosBetween(item.envelope().eventTime(), now), TimeUnit.NANOSECONDS);
                        }
                    }
                    batchTime.record(Duration.ofNanos(System.nanoTime() - start));
                })
                .replaceWithVoid();
    }

    private Uni<Outcome> applyAll(List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Outcome.NONE);
        }
        Map<TopicPartition, Long> endOffsets = new HashMap<>();
        Set<String> tenants = new HashSet<>();
        for (Item item : items) {
            endOffsets.merge(item.partition(), item.record().offset() + 1, Math::max);
            tenants.add(item.envelope().tenantId());
        }
        return scorecards.activeOf(tenants).flatMap(cards -> pool.withTransaction(connection -> seen
                .claim(connection, endOffsets)
                .flatMap(claim -> {
                    List<Item> toApply = new ArrayList<>(items.size());
                    Map<String, List<Item>> byAccount = new LinkedHashMap<>();
                    for (Item item : items) {
                        if (claim.firstDelivery(item.partition(), item.record().offset(), item.envelope().id())) {
                            toApply.add(item);
                            byAccount.computeIfAbsent(item.key(), key -> new ArrayList<>(4)).add(item);
                        }
                    }
                    return apply(connection, byAccount, cards)
                            .call(changes -> claim.write(connection))
                            .map(changes -> new Outcome(toApply.size(), items.size() - toApply.size(), toApply,
                                    changes, claim));
                })))
                .invoke(outcome -> {
                    outcome.claim().committed();
                    cache.keep(outcome.changes().rows(), outcome.changes().revision());
                    recorder.committed(outcome.changes());
                });
    }

    /**
     * Applies the events account by account, each account's in offset order: an account's state
     * is then touched while it is still in the processor's cache, and its row and scorecard are
     * looked up once.
     */
    private Uni<ScoreRecorder.Changes> apply(SqlConnection connection, Map<String, List<Item>> byAccount,
            Map<String, TenantScorecard> cards) {
        if (byAccount.isEmpty()) {
            return Uni.createFrom().item(new ScoreRecorder.Changes());
        }
        return locked(connection, byAccount.keySet()).flatMap(rows -> {
            ScoreRecorder.Changes changes = new ScoreRecorder.Changes();
            for (Map.Entry<String, List<Item>> account : byAccount.entrySet()) {
                EnvelopeCodec.Typed<UsagePayload> first = account.getValue().get(0).envelope();
                TenantScorecard card = cards.get(first.tenantId());
                AccountRow row = rows.computeIfAbsent(account.getKey(),
                        key -> AccountRow.fresh(first.tenantId(), first.accountId(), first.eventTime()));
                for (Item item : account.getValue()) {
                    EnvelopeCodec.Typed<UsagePayload> event = item.envelope();
                    UsageEvent usage = item.usage();
                    row.state.apply(usage, card.events());
                    row.eventsApplied++;
                    if (event.eventTime().isAfter(row.lastEventAt)) {
                        row.lastEventAt = event.eventTime();
                    }
                    if (event.eventTime().isBefore(row.firstSeenAt)) {
                        row.firstSeenAt = event.eventTime();
                    }
                    recorder.score(changes, row, card, row.state.newestEvent,
                            new Trigger(event.id(), usage.event() != null ? usage.event() : usage.call(), usage.userId()),
                            event.eventTime());
                }
            }
            return recorder.write(connection, changes).replaceWith(changes);
        });
    }

    /**
     * Locks the poll's accounts and reads, of those that exist, only the ones not kept current in
     * memory (ADR 0012). When none is kept (the cache off, a fresh start) they are all read in one
     * select.
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

    private void count(String outcome, int n) {
        if (n > 0) {
            registry.counter("touchline.messages.consumed", "consumer", CONSUMER, "outcome", outcome).increment(n);
        }
    }

    private Item decode(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        EnvelopeCodec.Typed<UsagePayload> event = codec.decode(record.value(), this::readPayload);
        if (!event.type().startsWith(MessageTypes.USAGE_PREFIX)) {
            throw new PoisonMessageException("not a usage event: " + event.type());
        }
        UsagePayload payload = event.payload();
        UsageEvent usage = new UsageEvent(event.type().substring(MessageTypes.USAGE_PREFIX.length()), payload.userId(),
                payload.event(), payload.properties(), payload.traits(), event.eventTime());
        return new Item(partition, record, event, usage, event.key());
    }

    private UsagePayload readPayload(JsonParser parser) throws IOException {
        String userId = null;
        String event = null;
        TrackProperties properties = TrackProperties.NONE;
        AccountTraits traits = null;
        boolean historical = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                // The Segment user id, when the event has a usable one (anonymous events have none).
                case "userId" -> userId = token == JsonToken.VALUE_STRING && !parser.getText().isBlank()
                        ? parser.getText()
                        : null;
                case "event" -> event = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "properties" -> properties = token == JsonToken.START_OBJECT ? TrackProperties.read(parser)
                        : TrackProperties.NONE;
                case "accountTraits" -> traits = token == JsonToken.VALUE_NULL ? null : readTraits(parser);
                case "historical" -> historical = token == JsonToken.VALUE_TRUE;
                default -> {
                    // not read by scoring
                }
            }
            // An object or array nothing above read is skipped whole.
            if (token.isStructStart() && parser.currentToken() == token) {
                parser.skipChildren();
            }
        }
        return new UsagePayload(userId, event, properties, traits, historical);
    }

    private AccountTraits readTraits(JsonParser parser) throws IOException {
        try {
            return traitsReader.readValue(parser);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("accountTraits do not fit the contract: " + e.getMessage(), e);
        }
    }
}
