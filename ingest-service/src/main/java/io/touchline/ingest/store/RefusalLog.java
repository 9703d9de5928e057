package io.touchline.ingest.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.touchline.ingest.domain.Violation;
import io.touchline.ingest.store.RejectionStore.Rejection;

/**
 * Requests refused before their events were read one by one (a browser key from an origin it
 * does not allow, over its rate limit), counted at once in {@code touchline_ingest_refused_total}
 * and written to the tenant's rejections every few seconds, one row per key, reason, origin and
 * client address with how many requests and events it refused. A flood thus costs a counter, not
 * a row per request. The tally is bounded: past {@link #MAX_GROUPS} groups, new ones are folded
 * into one per tenant and reason.
 */
@ApplicationScoped
public class RefusalLog {

    private static final Logger LOG = Logger.getLogger(RefusalLog.class);
    static final int MAX_GROUPS = 10_000;
    static final String OTHERS = "(others)";

    /** What refusals are tallied by. */
    public record Refusal(String tenantId, String keyId, Violation reason, String origin, String clientAddress) {
    }

    private static final class Tally {
        long requests;
        long events;
        Instant first;
        Instant last;
        /** Taken by a flush: later refusals start a new tally. */
        boolean taken;

        synchronized boolean add(int events, Instant at) {
            if (taken) {
                return false;
            }
            this.requests++;
            this.events += events;
            this.first = first == null ? at : first;
            this.last = at;
            return true;
        }

        synchronized Tally take() {
            taken = true;
            return this;
        }

        /** The same counts in a tally refusals can be added to again. */
        Tally reopened() {
            Tally open = new Tally();
            open.requests = requests;
            open.events = events;
            open.first = first;
            open.last = last;
            return open;
        }
    }

    private final Map<Refusal, Tally> pending = new ConcurrentHashMap<>();
    private final RejectionStore rejections;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public RefusalLog(RejectionStore rejections, ObjectMapper mapper, MeterRegistry registry) {
        this.rejections = rejections;
        this.mapper = mapper;
        this.registry = registry;
    }

    public void refused(Refusal refusal, int events, Instant at) {
        registry.counter("touchline.ingest.refused", "tenant", refusal.tenantId(), "reason", refusal.reason().rule())
                .increment();
        Refusal group = pending.containsKey(refusal) || pending.size() < MAX_GROUPS ? refusal
                : new Refusal(refusal.tenantId(), OTHERS, refusal.reason(), OTHERS, OTHERS);
        while (!pending.computeIfAbsent(group, g -> new Tally()).add(events, at)) {
            Thread.onSpinWait(); // a flush took this group's tally just now
        }
    }

    /** Counts a refusal that names no tenant (an unknown key's preflight): a metric only. */
    public void refusedUnknown(String rule) {
        registry.counter("touchline.ingest.refused", "tenant", "", "reason", rule).increment();
    }

    @Scheduled(every = "${touchline.ingest.refusal-flush:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Refusal, Tally> taken = new LinkedHashMap<>();
        for (Refusal refusal : List.copyOf(pending.keySet())) {
            Tally tally = pending.remove(refusal);
            if (tally != null) {
                taken.put(refusal, tally.take());
            }
        }
        List<Rejection> rows = new ArrayList<>();
        taken.forEach((refusal, tally) -> rows.add(row(refusal, tally)));
        return rejections.record(rows)
                .onFailure().invoke(failure -> {
                    LOG.warnf("Could not keep %d refusal tallies, keeping them for the next try: %s", rows.size(), failure);
                    taken.forEach((refusal, tally) -> pending.merge(refusal, tally.reopened(), RefusalLog::merge));
                })
                .onFailure().recoverWithNull();
    }

    private Rejection row(Refusal refusal, Tally tally) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("refusedRequests", tally.requests);
        summary.put("refusedEvents", tally.events);
        summary.put("writeKeyId", refusal.keyId());
        summary.put("origin", refusal.origin());
        summary.put("clientAddress", refusal.clientAddress());
        summary.put("firstAt", tally.first.toString());
        summary.put("lastAt", tally.last.toString());
        try {
            return new Rejection(refusal.tenantId(), tally.last, "http", null, null, List.of(refusal.reason()),
                    mapper.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of plain values", e);
        }
    }

    private static Tally merge(Tally a, Tally b) {
        Tally merged = new Tally();
        merged.requests = a.requests + b.requests;
        merged.events = a.events + b.events;
        merged.first = a.first.isBefore(b.first) ? a.first : b.first;
        merged.last = a.last.isAfter(b.last) ? a.last : b.last;
        return merged;
    }
}
