package app.vote.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> runs = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void requestsForOneKeyWithinTheDelayRunOnce() throws Exception {
        Coalescer<Long> coalescer = new Coalescer<>(scheduler, 200);

        assertThat(coalescer.request(1L, runs::add)).isTrue();
        for (int i = 0; i < 99; i++) {
            assertThat(coalescer.request(1L, runs::add)).isFalse();
        }
        drain();

        assertThat(runs).containsExactly(1L);
    }

    @Test
    void eachKeyGetsItsOwnRun() throws Exception {
        Coalescer<Long> coalescer = new Coalescer<>(scheduler, 50);

        coalescer.request(1L, runs::add);
        coalescer.request(2L, runs::add);
        coalescer.request(1L, runs::add);
        drain();

        assertThat(runs).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aRequestMadeWhileTheTaskRunsSchedulesTheNextRun() throws Exception {
        Coalescer<Long> coalescer = new Coalescer<>(scheduler, 10);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch requestedMeanwhile = new CountDownLatch(1);

        coalescer.request(1L, key -> {
            running.countDown();
            await(requestedMeanwhile);
            runs.add(key);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(coalescer.request(1L, runs::add)).as("not swallowed by the run in progress").isTrue();
        requestedMeanwhile.countDown();
        drain();

        assertThat(runs).containsExactly(1L, 1L);
    }

    @Test
    void aRefusedScheduleLeavesTheKeyFreeForTheNextRequest() throws Exception {
        ScheduledThreadPoolExecutor refusingOnce = new ScheduledThreadPoolExecutor(1) {
            private boolean refused;

            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
                if (!refused) {
                    refused = true;
                    throw new RejectedExecutionException("stopping");
                }
                return super.schedule(task, delay, unit);
            }
        };
        try {
            Coalescer<Long> coalescer = new Coalescer<>(refusingOnce, 10);

            assertThat(coalescer.request(1L, runs::add)).isFalse();
            assertThat(coalescer.request(1L, runs::add)).as("not taken for pending").isTrue();
            refusingOnce.shutdown();
            assertThat(refusingOnce.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            assertThat(runs).containsExactly(1L);
        } finally {
            refusingOnce.shutdownNow();
        }
    }

    /** Waits for every run scheduled so far: the scheduler has one thread and runs them in order. */
    private void drain() throws Exception {
        Thread.sleep(250);
        scheduler.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
