package app.vote.platform.concurrent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a task for a key once, a fixed delay after the first request for that key; requests made
 * while that run is pending ride along with it. Live results use it so that a busy poll costs at
 * most one push per delay, whatever the vote rate. The key is released just before the task runs,
 * so a change that arrives while the task is running schedules the next run and is never missed.
 */
public final class Coalescer<K> {

    private final ScheduledExecutorService scheduler;
    private final long delayMillis;
    private final Set<K> pending = ConcurrentHashMap.newKeySet();

    public Coalescer(ScheduledExecutorService scheduler, long delayMillis) {
        this.scheduler = scheduler;
        this.delayMillis = delayMillis;
    }

    /** Returns whether this request scheduled a run; false when it joined one already pending. */
    public boolean request(K key, Consumer<K> task) {
        if (!pending.add(key)) {
            return false;
        }
        try {
            scheduler.schedule(() -> {
                pending.remove(key);
                task.accept(key);
            }, delayMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            pending.remove(key);
            return false;
        }
    }
}
