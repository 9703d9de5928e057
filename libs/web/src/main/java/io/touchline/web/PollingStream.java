package io.touchline.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A Server-Sent Events stream of items that have a position, fed by looking for items after
 * the last one sent every {@code every}: each item an event named {@code name} whose id is its
 * position, so a client reconnecting with {@code Last-Event-ID} resumes after it; a comment when
 * idle for {@code keepAlive}, so proxies keep the connection open.
 */
public final class PollingStream {

    private PollingStream() {
    }

    /**
     * @param after the items after a position, oldest first, at most a batch
     * @param position an item's position
     */
    public static <T> Multi<OutboundSseEvent> of(Sse sse, String name, Class<T> type, long start, Duration every,
            Duration keepAlive, BiFunction<Long, Integer, Uni<List<T>>> after, ToLongFunction<T> position, int batch) {
        long keepAliveTicks = Math.max(1, keepAlive.toMillis() / every.toMillis());
        AtomicLong last = new AtomicLong(start);
        AtomicLong idle = new AtomicLong();
        return Multi.createFrom().ticks().every(every)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> after.apply(last.get(), batch))
                .onItem().transformToIterable(items -> {
                    List<OutboundSseEvent> events = new ArrayList<>(items.size() + 1);
                    for (T item : items) {
                        events.add(sse.newEventBuilder().id(Long.toString(position.applyAsLong(item))).name(name)
                                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(type, item).build());
                        last.set(position.applyAsLong(item));
                    }
                    if (events.isEmpty() && idle.incrementAndGet() % keepAliveTicks == 0) {
                        events.add(sse.newEventBuilder().comment("keep-alive").build());
                    } else if (!events.isEmpty()) {
                        idle.set(0);
                    }
                    return events;
                });
    }
}
