package io.touchline.ingest.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.Violation;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rejected events, kept per tenant for {@code touchline.ingest.rejection-retention}. */
@ApplicationScoped
public class RejectionStore {

    /** The longest event text kept; the limit on accepted events is 32 KB, but rejects can be anything. */
    static final int MAX_EVENT_CHARS = 64 * 1024;

    /** One rejected event. */
    public record Rejection(String tenantId, Instant receivedAt, String source, Integer batchIndex, String messageId,
            List<Violation> reasons, String event) {
    }

    /** A stored rejection as the API shows it. */
    public record StoredRejection(long id, Instant receivedAt, String source, Integer batchIndex, String messageId,
            List<Violation> reasons, String event) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;

    public RejectionStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> record(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = rejections.stream().map(r -> Tuple.from(new Object[] {
                r.tenantId(), OffsetDateTime.ofInstant(r.receivedAt(), ZoneOffset.UTC), r.source(), r.batchIndex(),
                r.messageId(), json(r.reasons()), truncate(r.event()) })).toList();
        return pool.preparedQuery("""
                insert into rejection (tenant_id, received_at, source, batch_index, message_id, reasons, event)
                values ($1, $2, $3, $4, $5, $6, $7)""")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Newest first; {@code before} pages back from an id. */
    public Uni<List<StoredRejection>> list(String tenantId, Long before, int limit) {
        return pool.preparedQuery("""
                select id, received_at, source, batch_index, message_id, reasons, event from rejection
                where tenant_id = $1 and id < $2 order by id desc limit $3""")
                .execute(Tuple.of(tenantId, before == null ? Long.MAX_VALUE : before, limit))
                .map(rows -> {
                    List<StoredRejection> page = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        page.add(new StoredRejection(row.getLong("id"),
                                row.getOffsetDateTime("received_at").toInstant(), row.getString("source"),
                                row.getInteger("batch_index"), row.getString("message_id"),
                                reasons(row.getString("reasons")), row.getString("event")));
                    }
                    return page;
                });
    }

    /** Deletes rejections received before the cut-off; emits how many. */
    public Uni<Integer> purgeBefore(Instant cutoff) {
        return pool.preparedQuery("delete from rejection where received_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private String json(List<Violation> reasons) {
        try {
            return mapper.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("violations are plain records", e);
        }
    }

    private List<Violation> reasons(String json) {
        try {
            return List.of(mapper.readValue(json, Violation[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are written by this class", e);
        }
    }

    private static String truncate(String event) {
        return event.length() <= MAX_EVENT_CHARS ? event : event.substring(0, MAX_EVENT_CHARS) + "...(truncated)";
    }
}
