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
 * The window may hold less than the dedupe window: {@link #evictOldest()} forgets the oldest poll
 * when all windows together need more than their byte budget ({@link SeenIds}), and
 * {@link #heldSince()} says from when the ids are still held.
 * <p>
 * Thread-safe: two consumers of one instance may hand a partition to each other.
 */
final class SeenWindow {

    /** The ids one poll applied first. */
    record Poll(long generation, Instant seenAt, long[] ids) {
    }

    // Id to the number of kept polls holding it: a reload may bring an id in twice, once from a
    // poll about to expire and once from the retry applied after it.
    private LongIntHashMap ids = new LongIntHashMap();
    private final ArrayDeque<Poll> polls = new ArrayDeque<>();
    private long generation;
    // Ids seen at or after this moment are all held; ids of polls evicted before it are not.
    private Instant heldSince = Instant.EPOCH;
    private long pollBytes;

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
            forget(polls.pollFirst());
        }
        compact();
    }

    /** When the oldest poll held was seen (null when none is). */
    synchronized Instant oldest() {
        return polls.isEmpty() ? null : polls.peekFirst().seenAt();
    }

    /**
     * Forgets the oldest poll to free memory, though it is still within the dedupe window; emits
     * the bytes freed (0 when no poll is held).
     */
    synchronized long evictOldest() {
        if (polls.isEmpty()) {
            return 0;
        }
        long before = bytes();
        Poll oldest = polls.pollFirst();
        forget(oldest);
        // Polls share a moment only when reloaded; the next one's ids were all seen after this.
        heldSince = polls.isEmpty() ? oldest.seenAt().plusNanos(1) : polls.peekFirst().seenAt();
        compact();
        return before - bytes();
    }

    /** From when every id applied is held: earlier polls were evicted for memory. */
    synchronized Instant heldSince() {
        return heldSince;
    }

    /**
     * The heap the window takes: the hash table's arrays at their capacity, and each poll's ids
     * with the poll's record and Instant.
     */
    synchronized long bytes() {
        return 16L + ids.keys.length * (long) Long.BYTES + 16L + ids.values.length * (long) Integer.BYTES + pollBytes;
    }

    /** Replaces the content with the polls the database holds for this partition, oldest first. */
    synchronized void reload(long generation, List<Poll> stored) {
        ids.clear();
        ids.release();
        polls.clear();
        pollBytes = 0;
        heldSince = Instant.EPOCH;
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
        pollBytes += pollBytes(poll);
    }

    private void forget(Poll poll) {
        for (long id : poll.ids()) {
            if (ids.addTo(id, -1) == 0) {
                ids.remove(id);
            }
        }
        pollBytes -= pollBytes(poll);
    }

    // The table never shrinks by itself: rebuilt once it holds under a quarter of its capacity.
    private void compact() {
        if (ids.keys.length > 1024 && ids.size() * 4L < ids.keys.length) {
            LongIntHashMap smaller = new LongIntHashMap(ids.size());
            smaller.putAll(ids);
            ids = smaller;
        }
    }

    private static long pollBytes(Poll poll) {
        // The record (header, two references, a long), its Instant, the array header and ids.
        return 32 + 24 + 16 + (long) poll.ids().length * Long.BYTES;
    }
}
