package io.touchline.scoring.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

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
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.touchline.messaging.Channels;
import io.touchline.messaging.DeadLetters;
import io.touchline.messaging.EnvelopeCodec;
import io.touchline.messaging.PoisonMessageException;
import io.touchline.messaging.Polls;
import io.touchline.messaging.tracing.TraceContext;
import io.touchline.scoring.application.Backfills;
import io.touchline.scoring.messaging.UsageEventDecoder.Item;
import io.touchline.scoring.store.BackfillStore;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The import lane of scoring (ADR 0025): polls of {@code usage-imports}, apart from live events,
 * so a backfill never queues ahead of them. Each poll's fresh records are held in one transaction
 * ({@link BackfillStore}): events until their import's watermark passes them, end markers as
 * such; redeliveries and ids seen within the dedupe window are skipped ({@link SeenIds}). After
 * that commit, {@link Backfills} applies what the watermarks passed and hands over imports that
 * ended; only then is the poll acknowledged. Poison goes to {@code usage-imports.dlq}.
 */
@ApplicationScoped
public class UsageImportsConsumer {

    static final String CONSUMER = "scoring-service-imports";

    private static final Logger LOG = Logger.getLogger(UsageImportsConsumer.class);

    private final Pool pool;
    private final ConsumerLanes lanes;
    private final SeenIds seen;
    private final BackfillStore store;
    private final Backfills backfills;
    private final UsageEventDecoder decoder;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MeterRegistry registry;

    public UsageImportsConsumer(Pool pool, ConsumerLanes lanes, SeenIds seen, BackfillStore store, Backfills backfills,
            EnvelopeCodec codec, ObjectMapper mapper,
            // A poll's dead letters are sent at once, before any acknowledgement; the poll's size bounds them.
            @Channel(Channels.USAGE_IMPORTS_DLQ_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> deadLetters,
            MeterRegistry registry, TraceContext tracing) {
        this.pool = pool;
        this.lanes = lanes;
        this.seen = seen;
        this.store = store;
        this.backfills = backfills;
        this.decoder = new UsageEventDecoder(codec, mapper, tracing);
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    @Incoming(Channels.USAGE_IMPORTS_IN)
    public Uni<Void> onUsageImports(ConsumerRecords<String, byte[]> records) {
        Executor lane = lanes.of(Vertx.currentContext());
        return Uni.createFrom().deferred(() -> applyPoll(records, lane)).runSubscriptionOn(lane);
    }

    private Uni<Void> applyPoll(ConsumerRecords<String, byte[]> records, Executor lane) {
        List<Item> items = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    Item item = decoder.decode(partition, record);
                    if (item.backfill() == null) {
                        throw new PoisonMessageException("an event on usage-imports must name its import (importId)");
                    }
                    items.add(item);
                } catch (PoisonMessageException e) {
                    poison.add(record);
                    reasons.add("poison: " + e.getMessage());
                }
            }
        }
        Set<String> imports = new LinkedHashSet<>();
        items.forEach(item -> imports.add(item.backfill().importId()));
        return Polls.applyAllOrEach(lane, items, this::holdAll, (item, failure) -> {
            LOG.errorf(failure, "%s cannot be held; it goes to the dead-letter topic", item.record());
            poison.add(item.record());
            reasons.add("failed: " + failure);
        })
                .flatMap(held -> DeadLetters.send(deadLetters, poison, reasons))
                // The events are held durably: a step that fails for good is logged and tried again
                // with the next poll of the import, without stopping the lane.
                .flatMap(x -> Polls.retryingTransient(lane, () -> backfills.advance(imports, decoder::decodeEvent))
                        .onFailure().invoke(failure -> LOG.errorf(failure, "Imports %s not advanced", imports))
                        .onFailure().recoverWithNull())
                .invoke(() -> {
                    count("held", items.size());
                    count("poison", poison.size());
                });
    }

    private Uni<Integer> holdAll(List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<TopicPartition, Long> endOffsets = new HashMap<>();
        for (Item item : items) {
            endOffsets.merge(item.partition(), item.record().offset() + 1, Math::max);
        }
        return pool.withTransaction(connection -> seen.claim(connection, endOffsets).flatMap(claim -> {
            List<BackfillStore.Buffered> events = new ArrayList<>(items.size());
            List<Uni<Void>> markers = new ArrayList<>();
            for (Item item : items) {
                if (!claim.firstDelivery(item.partition(), item.record().offset(),
                        item.event() == null ? item.record().topic() + "@" + item.record().offset() : item.event().id())) {
                    continue;
                }
                UsageEventDecoder.Backfill b = item.backfill();
                if (item.event() == null) {
                    markers.add(store.complete(connection, b.importId(), b.tenantId(), item.partition().partition(),
                            b.partitions()));
                } else {
                    events.add(new BackfillStore.Buffered(b.importId(), b.tenantId(), b.actionsFrom(),
                            item.partition().partition(), item.key(), item.event().eventTime(), item.record().value()));
                }
            }
            // Events before markers: a poll may hold an import's last events and its end.
            Uni<Void> done = store.hold(connection, events);
            for (Uni<Void> marker : markers) {
                done = done.call(() -> marker);
            }
            return done.call(() -> claim.write(connection)).replaceWith(claim);
        })).invoke(SeenIds.Claim::committed).replaceWith(items.size());
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            registry.counter("touchline.messages.consumed", "consumer", CONSUMER, "outcome", outcome).increment(n);
        }
    }
}
