package app.vote.poll.control;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A per-key cache whose entries a writer can invalidate so that no reader who starts afterwards
 * sees the old value, even one whose load raced with the write.
 *
 * <p>Each key has a generation; {@link #invalidate} bumps it. A reader notes the generation
 * before it looks, and an entry only serves readers of the generation it was loaded in. A load
 * that began before a write can therefore still finish and answer its own (concurrent) reader,
 * but never a later one. Concurrent readers of one key and generation share one load, so an
 * invalidation under heavy reads costs one query, not one per reader. Entries also expire after
 * {@code maxAgeNanos}: the bound for writes this process never hears of (other instances).
 *
 * <p>{@link #invalidateAll} is the same for every key at once. A reader's generation is the sum of
 * the key's and the cache-wide counter: both only grow, so the sum is unchanged only while neither
 * changed.
 */
public final class SnapshotCache<V> {

    private record Entry<V>(long generation, long loadedAtNanos, CompletableFuture<V> value) {
    }

    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<Long, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong everyKey = new AtomicLong();
    private final long maxAgeNanos;

    public SnapshotCache(long maxAgeNanos) {
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * The cached value, or {@code load}'s. {@code outdated} may reject a cached value for reasons
     * of its own (a poll whose closing time has passed). A load that throws is not cached.
     */
    public V get(long key, LongFunction<V> load, Predicate<V> outdated) {
        // Read without creating: a key nobody ever wrote (say, a probed unknown id) leaves nothing behind.
        AtomicLong written = generations.get(key);
        long generation = everyKey.get() + (written == null ? 0 : written.get());
        long now = System.nanoTime();
        Entry<V> current = entries.get(key);
        if (usable(current, generation, now, outdated)) {
            return await(current.value());
        }
        Entry<V> mine = new Entry<>(generation, now, new CompletableFuture<>());
        Entry<V> winner = entries.compute(key, (k, existing) -> usable(existing, generation, now, outdated) ? existing : mine);
        if (winner != mine) {
            return await(winner.value());
        }
        try {
            V value = load.apply(key);
            mine.value().complete(value);
            return value;
        } catch (RuntimeException e) {
            entries.remove(key, mine);
            mine.value().completeExceptionally(e);
            throw e;
        }
    }

    /** After a committed write: no reader who starts from now on gets a value loaded before. */
    public void invalidate(long key) {
        generations.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        entries.remove(key);
    }

    /** After a committed write that changes what every key would load: {@link #invalidate} for all keys. */
    public void invalidateAll() {
        everyKey.incrementAndGet();
        entries.clear();
    }

    private boolean usable(Entry<V> entry, long generation, long now, Predicate<V> outdated) {
        if (entry == null || entry.generation() != generation || now - entry.loadedAtNanos() >= maxAgeNanos) {
            return false;
        }
        CompletableFuture<V> value = entry.value();
        // A load still under way is usable: it began in this generation, after every invalidation the reader knows of.
        return !value.isDone() || value.isCompletedExceptionally() || !outdated.test(value.join());
    }

    private static <V> V await(CompletableFuture<V> value) {
        try {
            return value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
