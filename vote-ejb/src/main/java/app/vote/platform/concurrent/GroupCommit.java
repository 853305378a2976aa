package app.vote.platform.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: many threads each hand in one item and wait for it; one writer thread takes
 * everything that has queued up and writes it in one go, then answers each item. There is no
 * timer. Under light load a batch is the one item that arrived, written at once; under heavy load
 * the items that arrive while one batch is being written make up the next, so what a batch costs
 * whatever its size (a transaction, a commit, a round trip) is shared by more items exactly when
 * the load is highest (PERFORMANCE.md section 41).
 *
 * <p>An item's future completes only after its batch's {@link Writer#write} has returned, with the
 * writer's answer for it, or exceptionally with what the writer threw, for every item of that
 * batch. {@link #close} writes what was accepted before it; a {@link #submit} after it, or into a
 * full queue, fails at once with {@link RejectedExecutionException}, so a caller can always fall
 * back to writing alone.
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    /** Writes one batch. */
    @FunctionalInterface
    public interface Writer<T, R> {

        /** Returns one answer per item, in the items' order; throwing fails every item of the batch. */
        List<R> write(List<T> batch) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** How often an idle writer looks whether it has been closed. */
    private static final long IDLE_LOOK_MILLIS = 100;

    private record Entry<T, R>(T item, CompletableFuture<R> answer) {
    }

    private final BlockingQueue<Entry<T, R>> queue;
    private final int maxBatch;
    private final Writer<T, R> writer;
    private final IntConsumer batchWritten;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean finished;

    /**
     * Starts the writer thread, from {@code threads}.
     *
     * @param maxBatch     the most items one {@link Writer#write} gets
     * @param capacity     the most items waiting; one more is refused
     * @param batchWritten told the size of each batch written, whatever its outcome, before its items are answered
     */
    public GroupCommit(ThreadFactory threads, int maxBatch, int capacity, Writer<T, R> writer, IntConsumer batchWritten) {
        if (maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("maxBatch and capacity must be at least 1");
        }
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.writer = writer;
        this.batchWritten = batchWritten;
        this.thread = threads.newThread(this::writeUntilClosed);
        this.thread.start();
    }

    /** Queues {@code item} for the next batch; the future completes once that batch is written. */
    public CompletableFuture<R> submit(T item) {
        if (closed) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("Closed"));
        }
        Entry<T, R> entry = new Entry<>(item, new CompletableFuture<>());
        if (!queue.offer(entry)) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("Queue full"));
        }
        // The writer sets finished before its last look at the queue, so an entry it can no longer
        // see is one this thread sees finished for.
        if (finished && queue.remove(entry)) {
            entry.answer().completeExceptionally(new RejectedExecutionException("Closed"));
        }
        return entry.answer();
    }

    /** Stops accepting items, waits up to {@code timeoutMillis} for those accepted to be written. */
    public void close(long timeoutMillis) throws InterruptedException {
        closed = true;
        thread.join(timeoutMillis);
    }

    @Override
    public void close() throws InterruptedException {
        close(TimeUnit.SECONDS.toMillis(30));
    }

    private void writeUntilClosed() {
        List<Entry<T, R>> batch = new ArrayList<>(maxBatch);
        while (true) {
            Entry<T, R> first;
            try {
                first = queue.poll(IDLE_LOOK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Only closing ends the writer: an item accepted must be written or refused, never dropped.
                continue;
            }
            if (first == null) {
                if (closed) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            write(batch);
            batch.clear();
        }
        finished = true;
        for (Entry<T, R> late; (late = queue.poll()) != null; ) {
            late.answer().completeExceptionally(new RejectedExecutionException("Closed"));
        }
    }

    private void write(List<Entry<T, R>> batch) {
        List<R> answers;
        try {
            answers = writer.write(batch.stream().map(Entry::item).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException(answers.size() + " answers for " + batch.size() + " items");
            }
        } catch (Throwable failure) {
            // The callers decide what a failed batch means for their item; the writer goes on.
            LOG.log(Level.FINE, "A batch of " + batch.size() + " failed", failure);
            batchWritten.accept(batch.size());
            batch.forEach(entry -> entry.answer().completeExceptionally(failure));
            return;
        }
        // Reported before anyone is answered: a caller holding its answer finds its batch counted.
        batchWritten.accept(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(answers.get(i));
        }
    }
}
