package io.touchline.scoring.messaging;

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

import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.touchline.messaging.Topics;
import io.touchline.messaging.metrics.PipelineLatency;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.scoring.application.EventApplier;
import io.touchline.scoring.application.EventApplier.AccountEvent;
import io.touchline.scoring.application.ScoreRecorder;
import io.touchline.scoring.messaging.UsageEventDecoder.Item;
import io.touchline.scoring.store.ScorecardStore;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The Kafka side of scoring: each poll of usage events is decoded ({@link UsageEventDecoder}) and
 * applied in one transaction, in which the poll's partitions are claimed and records delivered
 * again and ids seen within the dedupe window skipped ({@link SeenIds}), and the fresh events
 * applied account by account, each account's in offset order ({@link EventApplier}, ADR 0012).
 * The poll is acknowledged, and its offsets committed, only after that commit and after its
 * poison records reached {@code usage-events.dlq}.
 * <p>
 * A database outage is retried for as long as it lasts (readiness is DOWN meanwhile) and never
 * dead-letters anything. Any other failure of a poll makes it go again one record per
 * transaction, so a record that cannot be applied is dead-lettered alone and the stream goes on.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String CONSUMER = "scoring-service";

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

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
    private final ScorecardStore scorecards;
    private final EventApplier applier;
    private final UsageEventDecoder decoder;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MeterRegistry registry;
    private final Timer latency;
    private final Timer batchTime;

    public UsageEventsConsumer(Pool pool, ConsumerLanes lanes, SeenIds seen, ScorecardStore scorecards,
            EventApplier applier, EnvelopeCodec codec, ObjectMapper mapper,
            // A poll's dead letters are sent at once, before any acknowledgement; the poll's size bounds them.
            @Channel(Channels.USAGE_EVENTS_DLQ_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> deadLetters,
            MeterRegistry registry, PipelineLatency pipeline, TraceContext tracing) {
        this.pool = pool;
        this.lanes = lanes;
        this.seen = seen;
        this.scorecards = scorecards;
        this.applier = applier;
        this.decoder = new UsageEventDecoder(codec, mapper, tracing);
        this.deadLetters = deadLetters;
        this.registry = registry;
        // Event time to the commit of the score it moved; historical events are left out.
        this.latency = pipeline.timer(PipelineLatency.SCORE);
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
                    Item item = decoder.decode(partition, record);
                    if (item.event() == null) {
                        throw new PoisonMessageException("an import's end marker belongs on " + Topics.USAGE_IMPORTS);
                    }
                    items.add(item);
                } catch (PoisonMessageException e) {
                    poison.add(record);
                    reasons.add("poison: " + e.getMessage());
                }
            }
        }
        return Polls.applyAllOrEach(lane, items, this::applyAll, (item, failure) -> {
            LOG.errorf(failure, "%s cannot be applied; it goes to the dead-letter topic", item.event().id());
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
                        if (!item.historical()) {
                            latency.record(Instants.nanosBetween(item.event().eventTime(), now), TimeUnit.NANOSECONDS);
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
            tenants.add(item.event().tenantId());
        }
        return scorecards.activeOf(tenants).flatMap(cards -> pool.withTransaction(connection -> seen
                .claim(connection, endOffsets)
                .flatMap(claim -> {
                    List<Item> toApply = new ArrayList<>(items.size());
                    Map<String, List<AccountEvent>> byAccount = new LinkedHashMap<>();
                    for (Item item : items) {
                        if (claim.firstDelivery(item.partition(), item.record().offset(), item.event().id())) {
                            toApply.add(item);
                            byAccount.computeIfAbsent(item.key(), key -> new ArrayList<>(4)).add(item.event());
                        }
                    }
                    return applier.apply(connection, byAccount, cards)
                            .call(changes -> claim.write(connection))
                            .map(changes -> new Outcome(toApply.size(), items.size() - toApply.size(), toApply,
                                    changes, claim));
                })))
                .invoke(outcome -> {
                    outcome.claim().committed();
                    applier.committed(outcome.changes());
                });
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            registry.counter("touchline.messages.consumed", "consumer", CONSUMER, "outcome", outcome).increment(n);
        }
    }
}
