package app.vote.poll.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {

    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void servesTheCachedValueUntilInvalidated() {
        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);
        AtomicInteger database = new AtomicInteger(1);
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.get(7, key -> { loads.incrementAndGet(); return database.get(); }, v -> false)).isEqualTo(1);
        database.set(2);
        assertThat(cache.get(7, key -> { loads.incrementAndGet(); return database.get(); }, v -> false)).isEqualTo(1);
        cache.invalidate(7);
        assertThat(cache.get(7, key -> { loads.incrementAndGet(); return database.get(); }, v -> false)).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadThatRacedWithAWriteNeverAnswersALaterReader() throws Exception {
        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);

        assertThat(loadRacingWith(cache, 7, 1, () -> cache.invalidate(7))).isEqualTo(1);
        assertThat(cache.get(7, key -> 2, v -> false)).isEqualTo(2);
    }

    @Test
    void invalidatingAllKeysForgetsEveryEntryAndEveryLoadUnderWay() throws Exception {
        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);
        cache.get(1, key -> 10, v -> false);
        cache.get(2, key -> 20, v -> false);

        assertThat(loadRacingWith(cache, 3, 30, cache::invalidateAll)).isEqualTo(30);
        assertThat(cache.get(1, key -> 11, v -> false)).isEqualTo(11);
        assertThat(cache.get(2, key -> 21, v -> false)).isEqualTo(21);
        assertThat(cache.get(3, key -> 31, v -> false)).isEqualTo(31);
    }

    /**
     * A reader loads {@code oldValue} for {@code key} on another thread; between its read and the
     * end of its load, {@code write} runs (the committed write it raced with). Returns what that
     * reader got.
     */
    private static int loadRacingWith(SnapshotCache<Integer> cache, long key, int oldValue, Runnable write) throws Exception {
        CountDownLatch readOldValue = new CountDownLatch(1);
        CountDownLatch writeCommitted = new CountDownLatch(1);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> slow = reader.submit(() -> cache.get(key, k -> {
                readOldValue.countDown();
                await(writeCommitted);
                return oldValue;
            }, v -> false));
            await(readOldValue);
            write.run();
            writeCommitted.countDown();
            return slow.get(5, TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aKeyInvalidatedOnItsOwnAndThenWithAllIsNotServedAnOlderEntry() {
        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);
        cache.invalidate(1);
        cache.get(1, key -> 1, v -> false);
        cache.invalidateAll();
        assertThat(cache.get(1, key -> 2, v -> false)).isEqualTo(2);
        cache.invalidate(1);
        assertThat(cache.get(1, key -> 3, v -> false)).isEqualTo(3);
        assertThat(cache.get(1, key -> 4, v -> false)).isEqualTo(3);
    }

    @Test
    void expiresAfterItsMaximumAgeAndWhenTheValueSaysItIsOutdated() {
        SnapshotCache<Integer> expired = new SnapshotCache<>(0);
        expired.get(7, key -> 1, v -> false);
        assertThat(expired.get(7, key -> 2, v -> false)).isEqualTo(2);

        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);
        cache.get(7, key -> 1, v -> false);
        assertThat(cache.get(7, key -> 2, v -> v == 1)).isEqualTo(2);
    }

    @Test
    void aFailedLoadIsNotCached() {
        SnapshotCache<Integer> cache = new SnapshotCache<>(AN_HOUR);
        assertThatThrownBy(() -> cache.get(7, key -> { throw new IllegalStateException("not found"); }, v -> false))
                .isInstanceOf(IllegalStateException.class);
        assertThat(cache.get(7, key -> 3, v -> false)).isEqualTo(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
