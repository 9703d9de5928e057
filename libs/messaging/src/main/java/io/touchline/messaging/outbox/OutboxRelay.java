package io.touchline.messaging.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.touchline.messaging.config.OutboxConfig;
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
 */
@ApplicationScoped
@IfBuildProperty(name = "touchline.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    /** The Kafka channel the relay sends through; each message names its own topic. */
    public static final String CHANNEL = "outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    // A run emits its whole batch before any acknowledgement; the Kafka sink asks for only so many
    // messages ahead, and a bounded buffer would fail the run and send its rows twice. The batch
    // size bounds what waits here.
    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> emitter;

    @Inject
    OutboxConfig config;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wokenWhileRunning = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
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
        return connection.preparedQuery("""
                select seq, topic, message_key, payload from outbox_message
                order by seq limit $1""")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> seqs = new ArrayList<>(rows.size());
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        seqs.add(row.getLong("seq"));
                        sends.add(emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(
                                OutgoingKafkaRecordMetadata.<String> builder()
                                        .withTopic(row.getString("topic"))
                                        .withKey(row.getString("message_key"))
                                        .build())));
                    }
                    // Every send settles before the transaction ends, failed or not: a failure
                    // rolls the batch back and releases the lock, and a send still in flight
                    // then could reach the broker after another instance sent a newer message of
                    // the same account.
                    return Uni.join().all(sends).andCollectFailures()
                            .flatMap(acked -> connection.preparedQuery("delete from outbox_message where seq = any($1)")
                                    .execute(Tuple.of(seqs.toArray(new Long[0]))))
                            .replaceWith(seqs.size());
                });
    }
}
