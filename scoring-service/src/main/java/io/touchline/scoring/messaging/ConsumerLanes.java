package io.touchline.scoring.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * One event loop per Kafka consumer of a channel, so that no two consumers apply polls on the
 * same thread (ADR 0012). SmallRye gives each consumer a context on the next event loop in turn, but
 * contexts other threads create at startup take turns in between: both consumers could land on
 * one loop, and one core then did the work of two while the other waited (in one profiled
 * drain, 24.5 s of CPU on one loop and 0.1 s on the other).
 * <p>
 * A consumer is known by the context it delivers on (a duplicate of its own, unwrapped here). The
 * first consumer gets the first loop, the next one the next loop, and so on around the loops.
 * Each task runs on a fresh duplicate of its lane's context, as Quarkus runs each message, so
 * nothing one poll keeps in context data reaches the next.
 */
@Singleton
public class ConsumerLanes {

    private final List<Context> lanes;
    private final Map<Context, Integer> byConsumer = new ConcurrentHashMap<>();
    private final AtomicInteger assigned = new AtomicInteger();

    public ConsumerLanes(Vertx vertx) {
        VertxInternal internal = (VertxInternal) vertx;
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        List<Context> loops = new ArrayList<>();
        for (EventExecutor loop : internal.getEventLoopGroup()) {
            loops.add(internal.createEventLoopContext((EventLoop) loop, null, classLoader));
        }
        this.lanes = List.copyOf(loops);
    }

    /**
     * Where the consumer delivering on {@code delivery} does its work; without a context (a
     * caller outside Vert.x), the work runs where it is called.
     */
    public Executor of(Context delivery) {
        if (delivery == null) {
            return Runnable::run;
        }
        Context consumer = ((ContextInternal) delivery).unwrap();
        ContextInternal lane = (ContextInternal) lanes.get(byConsumer.computeIfAbsent(consumer,
                c -> Math.floorMod(assigned.getAndIncrement(), lanes.size())));
        return task -> lane.duplicate().runOnContext(x -> task.run());
    }

    /** The lane of each consumer that delivered so far, by its index among the event loops. */
    public Map<Context, Integer> assignments() {
        return Map.copyOf(byConsumer);
    }

    int lanes() {
        return lanes.size();
    }
}
