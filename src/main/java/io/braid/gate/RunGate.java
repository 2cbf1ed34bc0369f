package io.braid.gate;

import io.braid.model.Priority;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The gate of one run: which tasks have ended and how, and the run-wide cap on running tasks.
 *
 * <p>Deadlock freedom (see docs/architecture.md): a thread only ever waits here for (a) tasks it depends on,
 * which the compiler placed in its own flow before it or in an earlier flow of the same split, or (b) a
 * slot, which a running task holds and gives back when it ends. Neither wait can form a cycle.
 *
 * <p>Waits poll the stop condition every {@link #POLL_MILLIS} ms, so a stopped job never hangs in the gate.
 */
public final class RunGate {
    static final long POLL_MILLIS = 100;

    private final long runId;
    private final String workflow;
    private final Map<String, List<String>> needs;
    private final Map<String, List<String>> dependents = new LinkedHashMap<>();
    private final int maxParallel;

    /** How long a free slot is held for an eligible task that has not reached the gate yet (its thread is starting). */
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Map<String, Rank> ranks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, TaskStatus> status = new LinkedHashMap<>();
    private final Map<String, Long> endedAt = new java.util.HashMap<>();
    private final Map<String, Long> arrived = new java.util.HashMap<>();
    /** When the first task reached the slot gate: the start of the grace period for tasks ready from the beginning. */
    private long firstArrival = -1;
    /** Set by withinFreeSlots: when the earliest claim it honoured for a task not at the gate runs out. */
    private long graceEnds;
    private int running;
    private long arrivals;
    private volatile boolean stopping;

    /**
     * @param needs    task id to its needs, for every task of the workflow
     * @param previous statuses kept from earlier executions of this run (restart): COMPLETED stays, anything
     *                 else starts over as PENDING
     */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous) {
        this(runId, workflow, needs, maxParallel, previous, Map.of());
    }

    /**
     * @param ranks each task's priority and estimated remaining critical path (tasks absent: normal, 0)
     */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous, Map<String, Rank> ranks) {
        this.runId = runId;
        this.ranks = Map.copyOf(ranks);
        this.workflow = workflow;
        this.needs = Collections.unmodifiableMap(new LinkedHashMap<>(needs));
        this.maxParallel = maxParallel;
        needs.forEach((task, ns) -> {
            dependents.putIfAbsent(task, new ArrayList<>());
            ns.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(task));
            status.put(task, previous.get(task) == TaskStatus.COMPLETED ? TaskStatus.COMPLETED : TaskStatus.PENDING);
        });
    }

    public long runId() {
        return runId;
    }

    public String workflow() {
        return workflow;
    }

    public int maxParallel() {
        return maxParallel;
    }

    /**
     * Blocks until every need of the task has ended. RUN if all completed; SKIP if one failed or was skipped
     * (the task and its dependents are then marked SKIPPED); STOP if the run is stopping.
     */
    public Verdict awaitNeeds(String task, BooleanSupplier stopRequested) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (status.get(task) == TaskStatus.SKIPPED) {
                    return Verdict.SKIP;
                }
                boolean allDone = true;
                for (String n : needs.getOrDefault(task, List.of())) {
                    TaskStatus s = status.get(n);
                    if (s == TaskStatus.FAILED || s == TaskStatus.SKIPPED) {
                        skipFrom(task);
                        return Verdict.SKIP;
                    }
                    if (s == TaskStatus.STOPPED) {
                        stopping = true;
                        return Verdict.STOP;
                    }
                    allDone &= s == TaskStatus.COMPLETED;
                }
                if (allDone) {
                    return Verdict.RUN;
                }
                if (stopping || stopRequested.getAsBoolean()) {
                    stopping = true;
                    return Verdict.STOP;
                }
                status.put(task, TaskStatus.WAITING);
                changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the task may take one of the run's {@code maxParallel} slots. Slots go to the best-ranked
     * eligible tasks (all needs completed): higher priority first, then the longer remaining critical path (so
     * the chain that decides the run's length is not starved by short side tasks), then arrival. An eligible
     * task that has not reached the gate yet keeps its claim for {@link #GRACE_NANOS} after it became
     * eligible, which covers its thread getting there. Returns false (no slot taken) if the run is stopping.
     */
    public boolean acquireSlot(String task, BooleanSupplier stopRequested) throws InterruptedException {
        lock.lock();
        try {
            arrived.put(task, arrivals++);
            if (firstArrival < 0) {
                firstArrival = System.nanoTime();
            }
            try {
                while (true) {
                    if (stopping || stopRequested.getAsBoolean()) {
                        stopping = true;
                        return false;
                    }
                    long now = System.nanoTime();
                    graceEnds = Long.MAX_VALUE;
                    if (running < maxParallel && withinFreeSlots(task, now)) {
                        running++;
                        status.put(task, TaskStatus.RUNNING);
                        return true;
                    }
                    status.put(task, TaskStatus.WAITING);
                    // every arrival and end signals; the only silent change is a held claim's grace running out
                    long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), Math.max(graceEnds - now, 100_000));
                    changed.awaitNanos(wait);
                }
            } finally {
                arrived.remove(task);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Is the task among the best {@code maxParallel - running} claimants of a slot? */
    private boolean withinFreeSlots(String task, long now) {
        Rank mine = rank(task);
        long mySeq = arrived.get(task);
        int better = 0;
        int free = maxParallel - running;
        for (Map.Entry<String, TaskStatus> e : status.entrySet()) {
            String other = e.getKey();
            if (other.equals(task) || !(e.getValue() == TaskStatus.PENDING || e.getValue() == TaskStatus.WAITING)) {
                continue;
            }
            Long seq = arrived.get(other);
            if (seq == null) { // not at the gate: a claim only while eligible and within the grace period
                long since = eligibleSince(other);
                if (since < 0 || now - since > GRACE_NANOS) {
                    continue;
                }
                graceEnds = Math.min(graceEnds, since + GRACE_NANOS);
            }
            int c = rank(other).compareTo(mine);
            if (c < 0 || c == 0 && seq != null && seq < mySeq) {
                if (++better >= free) {
                    return false;
                }
            }
        }
        return true;
    }

    /** When all of the task's needs completed (nanoTime), or -1 if they have not. */
    private long eligibleSince(String task) {
        long since = firstArrival;
        for (String n : needs.getOrDefault(task, List.of())) {
            if (status.get(n) != TaskStatus.COMPLETED) {
                return -1;
            }
            since = Math.max(since, endedAt.getOrDefault(n, firstArrival));
        }
        return since;
    }

    private Rank rank(String task) {
        return ranks.getOrDefault(task, Rank.DEFAULT);
    }

    /**
     * A task ended. Gives its slot back if it held one; on failure, marks all its transitive dependents
     * SKIPPED so that no gate waits for a task that can no longer run.
     *
     * @return the tasks newly marked SKIPPED
     */
    public List<String> ended(String task, TaskStatus outcome, boolean heldSlot) {
        lock.lock();
        try {
            if (heldSlot) {
                running--;
            }
            status.put(task, outcome);
            endedAt.put(task, System.nanoTime());
            List<String> skipped = outcome == TaskStatus.FAILED ? skipDependentsOf(task) : List.of();
            changed.signalAll();
            return skipped;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the run as stopping: every waiting gate returns at its next poll. */
    public void stop() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isStopping() {
        return stopping;
    }

    public TaskStatus status(String task) {
        lock.lock();
        try {
            return status.get(task);
        } finally {
            lock.unlock();
        }
    }

    public Map<String, TaskStatus> snapshot() {
        lock.lock();
        try {
            return Collections.unmodifiableMap(new LinkedHashMap<>(status));
        } finally {
            lock.unlock();
        }
    }

    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    public List<String> needsOf(String task) {
        return needs.getOrDefault(task, List.of());
    }

    private void skipFrom(String task) {
        status.put(task, TaskStatus.SKIPPED);
        skipDependentsOf(task);
        changed.signalAll();
    }

    private List<String> skipDependentsOf(String task) {
        List<String> skipped = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(task, List.of()));
        while (!todo.isEmpty()) {
            String d = todo.poll();
            TaskStatus s = status.get(d);
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                status.put(d, TaskStatus.SKIPPED);
                skipped.add(d);
                todo.addAll(dependents.getOrDefault(d, List.of()));
            }
        }
        return skipped;
    }

    /**
     * How a task ranks for a free slot: lower priority ordinal first, then the longer remaining critical path.
     *
     * @param remainingMillis the task's estimate plus its longest chain of dependents
     */
    public record Rank(Priority priority, long remainingMillis) implements Comparable<Rank> {
        static final Rank DEFAULT = new Rank(Priority.NORMAL, 0);

        @Override
        public int compareTo(Rank o) {
            if (priority != o.priority) {
                return Integer.compare(priority.ordinal(), o.priority.ordinal());
            }
            return Long.compare(o.remainingMillis, remainingMillis);
        }
    }
}
