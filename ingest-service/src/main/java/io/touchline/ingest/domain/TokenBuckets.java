package io.touchline.ingest.domain;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A rate limit per key (a write key, or a write key and a client address): {@code rate} tokens a
 * second up to {@code burst} at once, one token per event. Kept as the generic cell rate
 * algorithm, one instant per key in whole nanoseconds, so waits are exact. The keys live in a
 * cache of bounded size; a key evicted for want of room comes back with a full bucket, which only
 * ever lets a little more through, never less.
 */
public final class TokenBuckets {

    /** What one tracked key costs in memory, key text and cache entry included (an estimate). */
    public static final int BYTES_PER_BUCKET = 256;

    private final long nanosPerToken;
    private final int burst;
    private final long tolerance;
    private final Cache<String, Bucket> buckets;

    /**
     * @param ratePerSecond tokens added each second
     * @param burst the most tokens a bucket holds; a larger request needs a full bucket and empties it
     * @param maxBytes the memory the buckets may take, at {@link #BYTES_PER_BUCKET} each
     */
    public TokenBuckets(double ratePerSecond, int burst, long maxBytes) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.nanosPerToken = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.burst = burst;
        this.tolerance = nanosPerToken * burst;
        this.buckets = Caffeine.newBuilder().maximumSize(Math.max(1, maxBytes / BYTES_PER_BUCKET))
                .executor(Runnable::run).build();
    }

    /**
     * Takes {@code tokens} from the key's bucket if it holds them all.
     *
     * @param now a monotonic clock reading in nanoseconds ({@link System#nanoTime()})
     * @return zero when taken, else how long until the bucket holds them (nothing is taken)
     */
    public Duration take(String key, int tokens, long now) {
        Bucket bucket = buckets.get(key, k -> new Bucket(now));
        synchronized (bucket) {
            // The instant the bucket is full again, were these tokens taken.
            long fullAt = Math.max(bucket.fullAt, now) + Math.min(tokens, burst) * nanosPerToken;
            long over = fullAt - now - tolerance;
            if (over > 0) {
                return Duration.ofNanos(over);
            }
            bucket.fullAt = fullAt;
            return Duration.ZERO;
        }
    }

    /** Gives back tokens taken for a request that was then refused for another reason. */
    public void giveBack(String key, int tokens) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.fullAt -= Math.min(tokens, burst) * nanosPerToken;
            }
        }
    }

    /** How many keys are tracked now. */
    public long tracked() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {
        long fullAt;

        Bucket(long now) {
            this.fullAt = now;
        }
    }
}
