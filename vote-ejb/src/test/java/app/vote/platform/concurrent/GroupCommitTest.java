package app.vote.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Each batch the writer got, in order. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Integer> sizesReported = new CopyOnWriteArrayList<>();
    /** Holds the writer inside its first batch until released. */
    private final CountDownLatch firstBatchEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
    private GroupCommit<Integer, String> commits;

    @AfterEach
    void close() throws InterruptedException {
        releaseFirstBatch.countDown();
        if (commits != null) {
            commits.close(5_000);
        }
    }

    private GroupCommit<Integer, String> start(int maxBatch, GroupCommit.Writer<Integer, String> writer) {
        commits = new GroupCommit<>(Executors.defaultThreadFactory(), maxBatch, 100, writer, sizesReported::add);
        return commits;
    }

    /** Records the batch, holds the first one, answers each item with its own text. */
    private List<String> recordAndAnswer(List<Integer> batch) throws InterruptedException {
        batches.add(batch);
        if (batches.size() == 1) {
            firstBatchEntered.countDown();
            assertThat(releaseFirstBatch.await(10, TimeUnit.SECONDS)).isTrue();
        }
        return batch.stream().map(item -> "written " + item).toList();
    }

    /** Submits 0 and waits until the writer holds it, so that what follows queues behind it. */
    private CompletableFuture<String> submitAndHoldTheFirstBatch() throws InterruptedException {
        CompletableFuture<String> first = commits.submit(0);
        assertThat(firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    @Test
    void itemsHandedInWhileABatchIsBeingWrittenAreWrittenTogetherInTheNext() throws Exception {
        start(64, this::recordAndAnswer);
        CompletableFuture<String> first = submitAndHoldTheFirstBatch();
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int item = 1; item <= 5; item++) {
            waiting.add(commits.submit(item));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        releaseFirstBatch.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("written 0");
        for (int item = 1; item <= 5; item++) {
            assertThat(waiting.get(item - 1).get(10, TimeUnit.SECONDS)).isEqualTo("written " + item);
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
        assertThat(sizesReported).containsExactly(1, 5);
    }

    @Test
    void noBatchIsLargerThanTheMaximum() throws Exception {
        start(3, this::recordAndAnswer);
        submitAndHoldTheFirstBatch();
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int item = 1; item <= 7; item++) {
            waiting.add(commits.submit(item));
        }

        releaseFirstBatch.countDown();
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheWriterGoesOn() throws Exception {
        IllegalStateException refused = new IllegalStateException("the database said no");
        start(64, batch -> {
            if (batch.contains(13)) {
                batches.add(batch);
                throw refused;
            }
            return recordAndAnswer(batch);
        });
        CompletableFuture<String> held = submitAndHoldTheFirstBatch();
        CompletableFuture<String> unlucky = commits.submit(13);
        CompletableFuture<String> sameBatch = commits.submit(14);
        releaseFirstBatch.countDown();

        assertThatThrownBy(unlucky::join).isInstanceOf(CompletionException.class).hasCause(refused);
        assertThatThrownBy(sameBatch::join).isInstanceOf(CompletionException.class).hasCause(refused);
        assertThat(held.join()).isEqualTo("written 0");
        assertThat(commits.submit(15).get(10, TimeUnit.SECONDS)).isEqualTo("written 15");
        assertThat(sizesReported).containsExactly(1, 2, 1);
    }

    @Test
    void aWriterThatAnswersTheWrongNumberOfItemsFailsTheBatch() {
        start(64, batch -> List.of());

        assertThatThrownBy(() -> commits.submit(1).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0 answers for 1 items");
    }

    @Test
    void closingWritesWhatWasAcceptedAndRefusesWhatComesAfter() throws Exception {
        start(64, this::recordAndAnswer);
        submitAndHoldTheFirstBatch();
        CompletableFuture<String> accepted = commits.submit(1);
        Thread closing = new Thread(() -> {
            try {
                commits.close(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closing.start();
        // close() has stopped accepting items once it waits for the writer.
        while (closing.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        CompletableFuture<String> afterClose = commits.submit(2);

        releaseFirstBatch.countDown();
        closing.join(10_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(accepted.get(1, TimeUnit.SECONDS)).isEqualTo("written 1");
        assertThatThrownBy(afterClose::join).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(batches).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        commits = new GroupCommit<>(Executors.defaultThreadFactory(), 64, 2, this::recordAndAnswer, sizesReported::add);
        submitAndHoldTheFirstBatch();
        commits.submit(1);
        commits.submit(2);

        assertThatThrownBy(() -> commits.submit(3).join()).hasCauseInstanceOf(RejectedExecutionException.class);
    }
}
