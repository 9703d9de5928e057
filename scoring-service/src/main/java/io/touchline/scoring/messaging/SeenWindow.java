package io.touchline.scoring.messaging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import com.carrotsearch.hppc.LongIntHashMap;

/**
 * The message ids one partition's polls applied within the dedupe window, in memory, as 64-bit
 * hashes. Ids are kept per poll so a whole poll expires at once. The window matches the
 * partition's {@code generation} in the database; a consumer that finds another generation there
 * reloads the window before deciding anything (see {@link SeenIds}).
 * <p>
 * Thread-safe: two consumers of one instance may hand a partition to each other.
 */
final class SeenWindow {

    /** The ids one poll applied first. */
    record Poll(long generation, Instant seenAt, long[] ids) {
    }

    // Id to the number of kept polls holding it: a reload may bring an id in twice, once from a
    // poll about to expire and once from the retry applied after it.
    private final LongIntHashMap ids = new LongIntHashMap();
    private final ArrayDeque<Poll> polls = new ArrayDeque<>();
    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized boolean contains(long id) {
        return ids.containsKey(id);
    }

    synchronized int size() {
        return ids.size();
    }

    /** Forgets the polls seen before {@code cutoff}. */
    synchronized void expire(Instant cutoff) {
        while (!polls.isEmpty() && polls.peekFirst().seenAt().isBefore(cutoff)) {
            for (long id : polls.pollFirst().ids()) {
                if (ids.addTo(id, -1) == 0) {
                    ids.remove(id);
                }
            }
        }
    }

    /** Replaces the content with the polls the database holds for this partition, oldest first. */
    synchronized void reload(long generation, List<Poll> stored) {
        ids.clear();
        polls.clear();
        for (Poll poll : stored) {
            add(poll);
        }
        this.generation = generation;
    }

    /**
     * Adds a committed poll when the window still matches the generation it followed; otherwise
     * the window was reloaded meanwhile (with this poll in it) and stays as it is.
     */
    synchronized void advance(long previous, Poll poll) {
        if (generation == previous) {
            add(poll);
            generation = poll.generation();
        }
    }

    private void add(Poll poll) {
        for (long id : poll.ids()) {
            ids.addTo(id, 1);
        }
        polls.addLast(poll);
    }
}
