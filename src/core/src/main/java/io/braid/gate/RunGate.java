package io.braid.gate;

import io.braid.job.ClaimSpec;
import io.braid.model.Priority;
import io.braid.runs.TaskStatus;
import jakarta.json.JsonArray;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dependency state of one run: which tasks have ended and how, who may run next, and what each task claims
 * (rank, group, locks). Slots, groups, rates and locks are handed out by the server-wide {@link Scheduler}.
 *
 * <p>Lock order: the scheduler may call into a run gate while holding its own lock; a run gate never calls the
 * scheduler. So the two locks cannot deadlock.
 *
 * <p>Waits poll the stop condition every {@link #POLL_MILLIS} ms, so a stopped job never hangs in the gate.
 */
public final class RunGate {
    static final long POLL_MILLIS = 100;
    private static final ClaimSpec NO_CLAIM = new ClaimSpec(null, List.of());

    private final long runId;
    private final String workflow;
    private final int maxParallel;
    private final Map<String, Rank> ranks;
    private final Map<String, ClaimSpec> claims;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TaskStates tasks;
    /** Tasks whose needs all completed and whose threads have not reached the scheduler yet. */
    private final OnTheirWay onTheirWay = new OnTheirWay();
    /** When the gate opened: the start of the dependency latency of tasks ready from the start. */
    private final Instant opened = Instant.now();
    private volatile boolean stopping;
    private volatile boolean stopAskedElsewhere;
    private final boolean failFast;
    /** The task whose failure stopped a fail-fast run, or null. */
    private volatile String failedFirst;
    private final Ticker ticker;

    /**
     * @param needs    task id to its needs, for every task of the workflow
     * @param previous statuses kept from earlier executions of this run (restart): COMPLETED stays, anything
     *                 else starts over as PENDING
     * @param ranks    each task's priority and remaining critical path (absent: normal, 0)
     * @param claims   group and locks of the tasks that have any
     * @param failFast the first failure skips every task that has not started (see {@link #failedFirst()})
     * @param ticker   the scheduler's time, for how long eligible tasks have been on their way
     */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous, Map<String, Rank> ranks, Map<String, ClaimSpec> claims,
                   boolean failFast, Ticker ticker) {
        this.ticker = ticker;
        this.failFast = failFast;
        this.runId = runId;
        this.workflow = workflow;
        this.maxParallel = maxParallel;
        this.ranks = Map.copyOf(ranks);
        this.claims = Map.copyOf(claims);
        this.tasks = new TaskStates(needs, previous);
        // tasks ready from the start: their grace begins when the first task of the run reaches the scheduler
        // (the job may take a while to reach its first step)
        needs.keySet().forEach(t -> {
            if (tasks.get(t) == TaskStatus.PENDING && tasks.needsCompleted(t)) {
                onTheirWay.readyFromTheStart(t);
            }
        });
    }

    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous) {
        this(runId, workflow, needs, maxParallel, previous, Map.of(), Map.of(), false, Ticker.SYSTEM);
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

    Rank rank(String task) {
        return ranks.getOrDefault(task, Rank.DEFAULT);
    }

    ClaimSpec claim(String task) {
        return claims.getOrDefault(task, NO_CLAIM);
    }

    /**
     * Blocks until every need of the task has ended. RUN if all completed; SKIP if one failed or was skipped
     * (the task and its dependents are then marked SKIPPED); STOP if the run is stopping.
     */
    public Verdict awaitNeeds(String task, BooleanSupplier stopRequested) throws InterruptedException {
        return awaitNeeds(task, stopRequested, null, pending -> { });
    }

    /**
     * As {@link #awaitNeeds(String, BooleanSupplier)}; if the task has waited longer than {@code warnAfter} (on the
     * ticker) for needs that have not even started, {@code warn} is told once which. On an unbounded thread pool that
     * is a long upstream; on a bounded one it may be needs waiting for a thread this gate holds.
     */
    public Verdict awaitNeeds(String task, BooleanSupplier stopRequested, Duration warnAfter, Consumer<List<String>> warn)
            throws InterruptedException {
        long since = ticker.nanos();
        boolean warned = warnAfter == null;
        lock.lock();
        try {
            while (true) {
                if (tasks.get(task) == TaskStatus.SKIPPED || tasks.get(task) == TaskStatus.CANCELLED) {
                    return Verdict.SKIP;
                }
                boolean allDone = true;
                for (String n : tasks.needsOf(task)) {
                    TaskStatus s = tasks.get(n);
                    if (s.blocksDependents()) {
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
                tasks.set(task, TaskStatus.WAITING);
                if (!warned && ticker.nanos() - since > warnAfter.toNanos()) {
                    List<String> notStarted = tasks.needsOf(task).stream()
                            .filter(n -> tasks.get(n) == TaskStatus.PENDING).toList();
                    if (!notStarted.isEmpty()) {
                        warned = true;
                        warn.accept(notStarted);
                    }
                }
                changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The task reached the scheduler: it waits for resources now (called by the scheduler). */
    void arrived(String task) {
        lock.lock();
        try {
            onTheirWay.arrived(task, ticker.nanos());
            if (tasks.get(task) == TaskStatus.PENDING) { // not if skipped meanwhile (fail-fast)
                tasks.set(task, TaskStatus.WAITING);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The scheduler grants the task its slot and resources: it is RUNNING now, unless it was cancelled or skipped
     * (fail-fast, a failed need) meanwhile; then it must not start, and this returns false. Atomic with
     * {@link #cancel} and the skips, which take the same lock.
     */
    boolean tryStart(String task) {
        lock.lock();
        try {
            if (tasks.get(task).isEnd()) {
                return false;
            }
            tasks.set(task, TaskStatus.RUNNING);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Eligible tasks (all needs completed) that have not reached the scheduler yet but became eligible at most
     * {@code graceNanos} ago: their threads are on the way, so the scheduler holds a slot for the better-ranked
     * ones instead of giving it to a worse-ranked task that happens to arrive first.
     */
    List<String> onTheirWay(long now, long graceNanos) {
        lock.lock();
        try {
            return onTheirWay.within(now, graceNanos);
        } finally {
            lock.unlock();
        }
    }

    /** When the earliest grace period of a task still on its way ends (nanoTime), or Long.MAX_VALUE. */
    long nextGraceEnd(long now, long graceNanos) {
        lock.lock();
        try {
            return onTheirWay.nextGraceEnd(now, graceNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the task's last need ended in this execution, or when the gate opened if it has no needs or they all
     * completed in an earlier execution: the start of its dependency latency.
     */
    public Instant readySince(String task) {
        lock.lock();
        try {
            return tasks.readySince(task, opened);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A task ended. On success its dependents whose needs are now all done become eligible; on failure all
     * its transitive dependents are marked SKIPPED so that no gate waits for a task that can no longer run.
     *
     * @return the tasks newly marked SKIPPED
     */
    public List<String> ended(String task, TaskStatus outcome) {
        lock.lock();
        try {
            tasks.ended(task, outcome, Instant.now());
            onTheirWay.gone(task);
            List<String> skipped = List.of();
            if (outcome == TaskStatus.FAILED && failFast && failedFirst == null) {
                failedFirst = task;
                skipped = tasks.skipAllNotStarted();
                skipped.forEach(onTheirWay::gone);
            } else if (outcome == TaskStatus.FAILED || outcome == TaskStatus.CANCELLED) {
                skipped = skipDependentsOf(task);
            } else if (outcome == TaskStatus.COMPLETED) {
                long now = ticker.nanos();
                for (String d : tasks.dependentsOf(task)) {
                    // PENDING, or WAITING for its needs at a gate decision: its thread is about to come for a slot
                    TaskStatus ds = tasks.get(d);
                    if ((ds == TaskStatus.PENDING || ds == TaskStatus.WAITING) && tasks.needsCompleted(d)) {
                        onTheirWay.ready(d, now);
                    }
                }
            }
            interrupts.ended(task);
            changed.signalAll();
            return skipped;
        } finally {
            lock.unlock();
        }
    }

    /** Running tasks asked to stop early, why, and what stops their work (under this gate's lock). */
    private final Interrupts interrupts = new Interrupts(lock, new Interrupts.Run() {
        @Override
        public TaskStatus status(String task) {
            return tasks.get(task);
        }

        @Override
        public List<String> cancelNotStarted(String task) {
            tasks.set(task, TaskStatus.CANCELLED);
            onTheirWay.gone(task);
            List<String> skipped = skipDependentsOf(task);
            changed.signalAll();
            return skipped;
        }
    });

    /** Why a running task was asked to stop early. */
    public enum Interruption { CANCELLED, TIMED_OUT, LEASE_LOST }

    /** How {@link #cancel} went. REQUESTED: passed on to the server of a cluster that executes the run. */
    public enum Cancel { CANCELLED, STOPPING, ALREADY_ENDED, REQUESTED }

    /** @param skipped dependents marked SKIPPED at once (a task cancelled before it started) */
    public record CancelResult(Cancel outcome, List<String> skipped) {
    }

    /**
     * Cancels one task: not started yet → CANCELLED at once and its dependents SKIPPED; running → its
     * artifact is asked to stop (Braid's types stop; a chunk at its next checkpoint) and it ends CANCELLED.
     */
    public CancelResult cancel(String task) {
        return interrupts.cancel(task);
    }

    /** Whether the task was cancelled or its work asked to stop early (cancel or timeout). */
    public boolean cancelRequested(String task) {
        return interrupts.cancelRequested(task);
    }

    /** Why a running task was stopped early, if it was. */
    public Optional<Interruption> interruption(String task) {
        return interrupts.reason(task);
    }

    /** The task ran past its {@code timeout:}: its work is asked to stop, and it will end FAILED. */
    public void timeOut(String task) {
        interrupts.interruptRunning(task, Interruption.TIMED_OUT);
    }

    /**
     * The task's lease on its group slot or locks ran out while it ran (its renewal came too late), so another task
     * may hold them now: its work is asked to stop, and it will end FAILED.
     */
    public void leaseLost(String task) {
        interrupts.interruptRunning(task, Interruption.LEASE_LOST);
    }

    /** Registers how to stop the task's work if it is cancelled while running. */
    public void onCancel(String task, Runnable hook) {
        interrupts.onCancel(task, hook);
    }

    /** In a fail-fast run, the task whose failure stopped it; null otherwise or before. */
    public String failedFirst() {
        return failedFirst;
    }

    private volatile String refusal;

    /** Braid refused one of the run's steps (its properties were changed): nothing more starts. */
    public void refuse(String reason) {
        refusal = reason;
        stop();
    }

    /** Why Braid refused the run, or null. */
    public String refusal() {
        return refusal;
    }

    /**
     * Whether a task's step may go on as far as its needs go: every need completed, or the task already ended
     * (skipped or cancelled meanwhile, which the scheduler then reports). False only when a step is reached before
     * its needs ended, which a compiled job never does.
     */
    public boolean needsCompletedOrEnded(String task) {
        lock.lock();
        try {
            return tasks.get(task).isEnd() || tasks.needsCompleted(task);
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

    /**
     * A stop asked through another server of a cluster, carried out here without the batch runtime's stop: Liberty
     * authorizes {@code JobOperator.stop} per user, and the thread taking the request has none. The run stops granting,
     * the work of its running tasks is asked to stop, and each such task, ending on its own job thread (which carries
     * the submitter's identity), stops the job through the batch runtime ({@link TaskListener}).
     */
    public void stopAskedElsewhere() {
        stopAskedElsewhere = true;
        List<Runnable> hooks = new ArrayList<>();
        lock.lock();
        try {
            stopping = true;
            hooks.addAll(interrupts.allHooks());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        hooks.forEach(Runnable::run);
    }

    public boolean isStopAskedElsewhere() {
        return stopAskedElsewhere;
    }

    public TaskStatus status(String task) {
        lock.lock();
        try {
            return tasks.get(task);
        } finally {
            lock.unlock();
        }
    }

    public Map<String, TaskStatus> snapshot() {
        lock.lock();
        try {
            return tasks.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting at a gate decision for needs in other flows. */
    public int waitingForNeeds() {
        lock.lock();
        try {
            int n = 0;
            for (Map.Entry<String, TaskStatus> e : tasks.snapshot().entrySet()) {
                if (e.getValue() == TaskStatus.WAITING && !onTheirWay.atScheduler(e.getKey())) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    public List<String> needsOf(String task) {
        return tasks.needsOf(task);
    }

    private void skipFrom(String task) {
        tasks.set(task, TaskStatus.SKIPPED);
        onTheirWay.gone(task);
        skipDependentsOf(task);
        changed.signalAll();
    }

    private List<String> skipDependentsOf(String task) {
        List<String> skipped = tasks.skipDependentsOf(task);
        skipped.forEach(onTheirWay::gone);
        return skipped;
    }

    /**
     * How a task ranks for a free slot: lower priority ordinal first, then the longer remaining critical path.
     *
     * @param remainingMillis the task's estimate plus its longest chain of dependents
     */
    public record Rank(Priority priority, long remainingMillis) {
        static final Rank DEFAULT = new Rank(Priority.NORMAL, 0);
    }
}
