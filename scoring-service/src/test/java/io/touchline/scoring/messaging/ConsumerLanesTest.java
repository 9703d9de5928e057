package io.touchline.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

class ConsumerLanesTest {

    private final VertxInternal vertx = (VertxInternal) Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void consumersDeliveringOnOneEventLoopWorkOnDistinctOnesAndTheFourthWrapsAround() throws Exception {
        ConsumerLanes lanes = new ConsumerLanes(vertx);
        // What went wrong: every consumer's context on the same loop.
        EventLoop shared = vertx.getEventLoopGroup().next();
        List<Context> consumers = List.of(consumer(shared), consumer(shared), consumer(shared), consumer(shared));

        List<String> threads = consumers.stream().map(c -> threadOf(lanes.of(c))).toList();

        assertThat(lanes.lanes()).isEqualTo(3);
        assertThat(threads.subList(0, 3)).doesNotHaveDuplicates().allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
        assertThat(threads.get(3)).isEqualTo(threads.get(0));
    }

    @Test
    void aDuplicateOfAConsumersContextIsTheSameConsumer() {
        ConsumerLanes lanes = new ConsumerLanes(vertx);
        ContextInternal consumer = (ContextInternal) consumer(vertx.getEventLoopGroup().next());

        String lane = threadOf(lanes.of(consumer));

        assertThat(threadOf(lanes.of(consumer.duplicate()))).isEqualTo(lane);
        assertThat(threadOf(lanes.of(consumer(vertx.getEventLoopGroup().next())))).isNotEqualTo(lane);
        assertThat(lanes.assignments()).hasSize(2).containsEntry(consumer, 0).containsValue(1);
    }

    @Test
    void workOnALaneRunsOnAnEventLoopContextSoTheDatabaseClientAnswersThere() throws Exception {
        ConsumerLanes lanes = new ConsumerLanes(vertx);
        CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();

        lanes.of(consumer(vertx.getEventLoopGroup().next())).execute(() -> {
            Context current = Vertx.currentContext();
            onEventLoop.complete(current != null && current.isEventLoopContext() && Context.isOnEventLoopThread());
        });

        assertThat(onEventLoop.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutAContextTheWorkRunsWhereItIsCalled() {
        ConsumerLanes lanes = new ConsumerLanes(vertx);

        assertThat(threadOf(lanes.of(null))).isEqualTo(Thread.currentThread().getName());
    }

    private Context consumer(EventLoop loop) {
        return vertx.createEventLoopContext(loop, null, getClass().getClassLoader());
    }

    private static String threadOf(Executor executor) {
        CompletableFuture<String> thread = new CompletableFuture<>();
        executor.execute(() -> thread.complete(Thread.currentThread().getName()));
        return thread.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
