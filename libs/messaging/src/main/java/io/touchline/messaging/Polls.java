package io.touchline.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * How a batch consumer (scoring's usage events, playbook's signals) applies a poll, and what it
 * does when that fails: a transient failure (database away) is retried with back-off for as long
 * as it lasts and never dead-letters anything; any other failure makes the poll go again one item
 * per transaction, so an item that cannot be applied fails alone and the stream goes on.
 */
public final class Polls {

    private static final Logger LOG = Logger.getLogger(Polls.class);

    private Polls() {
    }

    /**
     * Runs {@code work}, retrying transient failures with back-off indefinitely. Each attempt
     * starts on {@code executor}: a retry after a back-off would otherwise start on Mutiny's timer
     * thread.
     */
    public static <T> Uni<T> retryingTransient(Executor executor, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T> deferred(work::get).runSubscriptionOn(executor)
                .onFailure(TransientFailures::isTransient)
                .invoke(failure -> LOG.warnf("A poll was not applied, retrying: %s", failure.toString()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(TransientFailures.FIRST_BACKOFF, TransientFailures.MAX_BACKOFF).indefinitely();
    }

    /**
     * Applies all items in one transaction; if that fails for a reason other than a transient
     * one, applies them one at a time, in order, and hands each item that still fails to
     * {@code failed} (which dead-letters it).
     *
     * @return the outcome of each transaction that committed: one when all went together
     */
    public static <I, O> Uni<List<O>> applyAllOrEach(Executor executor, List<I> items, Function<List<I>, Uni<O>> apply,
            BiConsumer<I, Throwable> failed) {
        return retryingTransient(executor, () -> apply.apply(items)).map(List::of)
                .onFailure(failure -> !TransientFailures.isTransient(failure)).recoverWithUni(failure -> {
                    LOG.warnf("A poll of %d records failed (%s); applying them one at a time", items.size(), failure);
                    return oneByOne(executor, items, apply, failed);
                });
    }

    private static <I, O> Uni<List<O>> oneByOne(Executor executor, List<I> items, Function<List<I>, Uni<O>> apply,
            BiConsumer<I, Throwable> failed) {
        List<O> outcomes = new ArrayList<>(items.size());
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> retryingTransient(executor, () -> apply.apply(List.of(item)))
                        .invoke(outcomes::add)
                        .replaceWithVoid()
                        .onFailure(failure -> !TransientFailures.isTransient(failure)).recoverWithItem(failure -> {
                            failed.accept(item, failure);
                            return null;
                        }))
                .collect().last()
                .map(x -> outcomes);
    }
}
