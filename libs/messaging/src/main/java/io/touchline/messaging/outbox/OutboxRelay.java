package io.touchline.messaging.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.touchline.messaging.config.OutboxConfig;
import io.touchline.messaging.tracing.TraceContext;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes committed outbox rows to Kafka and deletes them once the broker acknowledged them.
 * Runs when a transaction that wrote to the outbox commits ({@link #wake()}) and on a timer, so
 * rows left by a crash or a broker outage go out as soon as possible. Only one instance relays
 * at a time (a transaction-scoped advisory lock), in sequence order, so per-account order holds.
 * A crash after the send and before the delete re-sends it: consumers deduplicate on the
 * envelope id.
 * <p>
 * A row Kafka can never take (larger than the broker accepts, a topic name that is not valid)
 * would stop every row behind it for good: it is parked instead, moved to
 * {@code outbox_parked} with the reason in the same transaction, counted
 * ({@code touchline.outbox.parked}) and logged, and the relay goes on. Any other failure (the
 * broker away, a topic not there yet) keeps the rows and is tried again.
 * <p>
 * The table is a queue: every row is deleted soon after it is written, and autovacuum looks at
 * it at most once a minute, by when the dead rows of a busy minute make each run's scan read
 * megabytes. So the relay vacuums it itself, every {@code touchline.outbox.vacuum-every} while
 * it deletes rows (a vacuum of a small table takes about a millisecond and blocks no writer).
 * <p>
 * It sends through a Kafka producer of its own (ADR 0012), built from the service's
 * {@code kafka.*} configuration with the settings the relay's guarantees rest on: a whole batch
 * is handed to the producer at once and settles through the producer's callbacks, without a
 * reactive pipeline per message.
 */
@ApplicationScoped
@IfBuildProperty(name = "touchline.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    OutboxConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry registry;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean vacuuming = new AtomicBoolean();
    private volatile long lastVacuum;
    private final AtomicBoolean wokenWhileRunning = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;
    private long metricsTimerId = -1;
    private final AtomicLong backlog = new AtomicLong();
    /** created_at of the oldest row, in epoch millis; 0 when the outbox is empty. */
    private final AtomicLong oldest = new AtomicLong();
    private Producer<String, String> producer;
    private KafkaClientMetrics producerMetrics;
    // send() may block (metadata of a topic not seen yet, a full buffer), so never on an event loop.
    private ExecutorService sender;

    // Built with the bean, before its first use: a consumer may wake the relay before StartupEvent.
    @PostConstruct
    void createProducer() {
        // The first run that deletes rows vacuums.
        lastVacuum = System.nanoTime() - config.vacuumEvery().toNanos();
        producer = new KafkaProducer<>(producerConfig(kafkaConfig, config.sendTimeout(), config.compression()));
        // The relay's producer is not one SmallRye creates, so its kafka_producer_* metrics
        // (errors, retries, request latency) are bound here.
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        Gauge.builder("touchline.outbox.backlog", backlog, AtomicLong::get)
                .description("Rows in the outbox not yet acknowledged by Kafka (an upper bound: sequence gaps count)")
                .baseUnit("messages").register(registry);
        Gauge.builder("touchline.outbox.oldest.age", oldest,
                at -> at.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - at.get()) / 1000.0)
                .description("How long the oldest row has waited in the outbox; 0 when it is empty")
                .baseUnit("seconds").register(registry);
        sender = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        metricsTimerId = vertx.setPeriodic(config.metricsEvery().toMillis(), id -> measureBacklog());
    }

    /** Reads the outbox's size and oldest row for the gauges; both by the primary key's index. */
    private void measureBacklog() {
        pool.query("""
                select coalesce(max(seq) - min(seq) + 1, 0) as backlog,
                       (select created_at from outbox_message order by seq limit 1) as oldest
                from outbox_message""").execute().subscribe().with(rows -> {
            Row row = rows.iterator().next();
            backlog.set(row.getLong("backlog"));
            var at = row.getOffsetDateTime("oldest");
            oldest.set(at == null ? 0 : at.toInstant().toEpochMilli());
        }, failure -> LOG.debugf("Could not measure the outbox: %s", failure.toString()));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (metricsTimerId >= 0) {
            vertx.cancelTimer(metricsTimerId);
        }
    }

    @PreDestroy
    void closeProducer() {
        sender.shutdown();
        producerMetrics.close();
        // Sends not acknowledged by then fail, and their rows stay for the next start.
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * The producer's configuration: the service's Kafka client settings, then what the relay
     * relies on. Acknowledged by all in-sync replicas and idempotent, so the producer's own
     * retries neither lose nor reorder an account's messages; a send that cannot be handed over
     * within {@code timeout} fails the run, which the timer repeats. Batches are compressed with
     * {@code compression} ({@code touchline.outbox.compression}).
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, Duration timeout, String compression) {
        Map<String, Object> producer = new HashMap<>(kafka);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return producer;
    }

    /** Publishes pending rows now; cheap to call after every commit, runs coalesce. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            wokenWhileRunning.set(true);
            return;
        }
        wokenWhileRunning.set(false);
        pool.withTransaction(this::relayBatch).subscribe().with(
                sent -> {
                    running.set(false);
                    if (sent > 0) {
                        vacuumWhenDue();
                    }
                    if (sent == config.batchSize() || wokenWhileRunning.get()) {
                        wake();
                    }
                },
                failure -> {
                    running.set(false);
                    // The broker or the database is away; the timer tries again.
                    LOG.warnf("Outbox relay failed, retrying on the next tick: %s", failure.toString());
                });
    }

    /** Vacuums the outbox when the last vacuum is {@code vacuum-every} ago; one at a time. */
    private void vacuumWhenDue() {
        if (System.nanoTime() - lastVacuum < config.vacuumEvery().toNanos() || !vacuuming.compareAndSet(false, true)) {
            return;
        }
        lastVacuum = System.nanoTime();
        // Outside a transaction (VACUUM cannot run in one), on a pooled connection whose
        // search_path is the service's schema.
        pool.query("vacuum outbox_message").execute().subscribe().with(
                done -> vacuuming.set(false),
                failure -> {
                    vacuuming.set(false);
                    LOG.debugf("Outbox vacuum failed, trying again later: %s", failure.toString());
                });
    }

    private Uni<Integer> relayBatch(SqlConnection connection) {
        // One relay at a time per service (the lock is the schema's, held until commit): rows go
        // out in sequence order, so an account's messages keep their order, and the compacted
        // health-scores topic never ends on an older score. Other instances try again next tick.
        return connection.query("select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_relay'))")
                .execute()
                .flatMap(locked -> locked.iterator().next().getBoolean(0)
                        ? claimAndSend(connection)
                        : Uni.createFrom().item(0));
    }

    private Uni<Integer> claimAndSend(SqlConnection connection) {
        // The transaction's statements go on from its own context, not from the producer's thread.
        Context context = io.vertx.core.Vertx.currentContext();
        return connection.preparedQuery("""
                select seq, topic, message_key, payload, trace_parent from outbox_message
                order by seq limit $1""")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] seqs = new Long[rows.size()];
                    List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
                    int i = 0;
                    for (Row row : rows) {
                        seqs[i++] = row.getLong("seq");
                        ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"),
                                row.getString("message_key"), row.getString("payload"));
                        TraceContext.put(record.headers(), row.getString("trace_parent"));
                        records.add(record);
                    }
                    // Every send settles before the transaction ends, failed or not: a failure
                    // rolls the batch back and releases the lock, and a send still in flight
                    // then could reach the broker after another instance sent a newer message of
                    // the same account.
                    return Uni.createFrom().completionStage(() -> sendAll(records))
                            .emitOn(task -> context.runOnContext(x -> task.run()))
                            .flatMap(acked -> connection.preparedQuery("delete from outbox_message where seq = any($1)")
                                    .execute(Tuple.of((Object) seqs)))
                            .invoke(() -> countPublished(records))
                            .replaceWith(seqs.length)
                            .onFailure(SendFailed.class).recoverWithUni(failure -> {
                                SendFailed failed = (SendFailed) failure;
                                if (!unpublishable(failed.getCause())) {
                                    return Uni.createFrom().failure(failed.getCause());
                                }
                                return park(connection, seqs[failed.index], records.get(failed.index), failed.getCause());
                            });
                });
    }

    /** Failures that are the row's own and would repeat for ever; everything else may pass. */
    static boolean unpublishable(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidTopicException || failure instanceof SerializationException;
    }

    /**
     * Moves the row to {@code outbox_parked} with the reason, in this run's transaction. The rows
     * before it in the batch stay and are sent again (consumers deduplicate); the run repeats at once.
     */
    private Uni<Integer> park(SqlConnection connection, long seq, ProducerRecord<String, String> record, Throwable reason) {
        String why = reason.getClass().getSimpleName() + ": " + reason.getMessage();
        LOG.errorf("Outbox row %d for %s can never be published, parked in outbox_parked: %s", seq, record.topic(), why);
        return connection.preparedQuery("""
                with parked as (delete from outbox_message where seq = $1 returning *)
                insert into outbox_parked (seq, topic, message_key, message_id, payload, created_at, trace_parent,
                                           parked_at, reason)
                select seq, topic, message_key, message_id, payload, created_at, trace_parent, now(), $2 from parked""")
                .execute(Tuple.of(seq, why))
                .invoke(() -> {
                    Counter.builder("touchline.outbox.parked")
                            .description("Outbox rows Kafka can never take, moved to outbox_parked")
                            .tag("topic", record.topic()).register(registry).increment();
                    wokenWhileRunning.set(true);
                })
                .replaceWith(0);
    }

    /** A send of a batch failed; {@code index} is the first record that did. */
    static final class SendFailed extends RuntimeException {
        final int index;

        SendFailed(int index, Throwable cause) {
            super(cause);
            this.index = index;
        }

        /** The failure of the earlier record. */
        static SendFailed first(SendFailed current, SendFailed next) {
            return current == null || next.index < current.index ? next : current;
        }
    }

    private void countPublished(List<ProducerRecord<String, String>> records) {
        Map<String, Integer> perTopic = new HashMap<>();
        records.forEach(r -> perTopic.merge(r.topic(), 1, Integer::sum));
        perTopic.forEach((topic, n) -> Counter.builder("touchline.outbox.published")
                .description("Messages the outbox relay published, acknowledged by Kafka")
                .tag("topic", topic).register(registry).increment(n));
    }

    /**
     * Hands the records to the producer in order; completes once all have settled, failed with
     * {@link SendFailed} (the first failed record) if any failed. Once one has failed the rest
     * are not handed over: a newer message of the same account must not go out ahead of an older
     * one the next run sends again.
     */
    private CompletableFuture<Void> sendAll(List<ProducerRecord<String, String>> records) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        if (records.isEmpty()) {
            settled.complete(null);
            return settled;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicReference<SendFailed> firstFailure = new AtomicReference<>();
        Runnable settleOne = () -> {
            if (pending.decrementAndGet() == 0) {
                Throwable failure = firstFailure.get();
                if (failure == null) {
                    settled.complete(null);
                } else {
                    settled.completeExceptionally(failure);
                }
            }
        };
        sender.execute(() -> {
            for (int i = 0; i < records.size(); i++) {
                if (firstFailure.get() != null) {
                    settleOne.run();
                    continue;
                }
                int index = i;
                try {
                    producer.send(records.get(i), (metadata, failure) -> {
                        if (failure != null) {
                            firstFailure.accumulateAndGet(new SendFailed(index, failure), SendFailed::first);
                        }
                        settleOne.run();
                    });
                } catch (Throwable e) {
                    // Not handed over (no metadata in time, closed): this one has settled as failed.
                    firstFailure.accumulateAndGet(new SendFailed(index, e), SendFailed::first);
                    settleOne.run();
                }
            }
        });
        return settled;
    }
}
