package io.braid.gate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The server's limit of runs in flight ({@code braid.runs.maxActive}): a run's execution beyond it waits, QUEUED, in
 * arrival order, before any of its tasks starts, instead of competing for threads and database connections with the
 * runs already going. 0: no limit.
 */
public final class Admission {
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private final Set<Long> admitted = new HashSet<>();
    private final Deque<Long> queue = new ArrayDeque<>();

    public Admission(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * Waits until the run may go on (first in, first out).
     *
     * @return false if it should not: its job is being stopped meanwhile
     */
    public boolean enter(long runId, BooleanSupplier stopping) throws InterruptedException {
        lock.lock();
        try {
            if (limit <= 0 || admitted.contains(runId)) {
                admitted.add(runId);
                return true;
            }
            queue.addLast(runId);
            try {
                while (!(queue.peekFirst() == runId && admitted.size() < limit)) {
                    if (stopping.getAsBoolean()) {
                        return false;
                    }
                    changed.await(RunGate.POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
                admitted.add(runId);
                return true;
            } finally {
                queue.remove(runId);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The run's execution ended: the next one may go. */
    public void leave(long runId) {
        lock.lock();
        try {
            if (admitted.remove(runId)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public int running() {
        lock.lock();
        try {
            return admitted.size();
        } finally {
            lock.unlock();
        }
    }

    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
