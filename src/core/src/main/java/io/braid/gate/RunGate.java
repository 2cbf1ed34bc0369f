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
    private final Map<String, List<String>> needs;
    private final Map<String, List<String>> dependents = new LinkedHashMap<>();
    private final int maxParallel;
    private final Map<String, Rank> ranks;
    private final Map<String, ClaimSpec> claims;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, TaskStatus> status = new LinkedHashMap<>();
    /** Tasks whose needs all completed and that have not reached the scheduler yet, with the time (nanoTime). */
    private final Map<String, Long> eligibleSince = new LinkedHashMap<>();
    /** When each task ended in this execution, and when the gate opened: for the dependency latency metric. */
    private final Map<String, Instant> endedAt = new HashMap<>();
    private final Instant opened = Instant.now();
    /** Tasks whose threads have reached the scheduler in this execution. */
    private final Set<String> atScheduler = new HashSet<>();
    private volatile boolean stopping;
    private volatile boolean stopAskedElsewhere;
    private final boolean failFast;
    /** The task whose failure stopped a fail-fast run, or null. */
    private volatile String failedFirst;
    private static final long NOT_STARTED = Long.MIN_VALUE;
    private boolean anyArrived;
    private final Ticker ticker;

    /**
     * @param needs    task id to its needs, for every task of the workflow
     * @param previous statuses kept from earlier executions of this run (restart): COMPLETED stays, anything
     *                 else starts over as PENDING
     * @param ranks    each task's priority and remaining critical path (absent: normal, 0)
     * @param claims   group and locks of the tasks that have any
     */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous, Map<String, Rank> ranks, Map<String, ClaimSpec> claims) {
        this(runId, workflow, needs, maxParallel, previous, ranks, claims, false);
    }

    /** @param failFast the first failure skips every task that has not started (see {@link #failedFirst()}) */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous, Map<String, Rank> ranks, Map<String, ClaimSpec> claims,
                   boolean failFast) {
        this(runId, workflow, needs, maxParallel, previous, ranks, claims, failFast, Ticker.SYSTEM);
    }

    /** @param ticker the scheduler's time, for how long eligible tasks have been on their way */
    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous, Map<String, Rank> ranks, Map<String, ClaimSpec> claims,
                   boolean failFast, Ticker ticker) {
        this.ticker = ticker;
        this.failFast = failFast;
        this.runId = runId;
        this.workflow = workflow;
        this.needs = Collections.unmodifiableMap(new LinkedHashMap<>(needs));
        this.maxParallel = maxParallel;
        this.ranks = Map.copyOf(ranks);
        this.claims = Map.copyOf(claims);
        needs.forEach((task, ns) -> {
            dependents.putIfAbsent(task, new ArrayList<>());
            ns.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(task));
            status.put(task, previous.get(task) == TaskStatus.COMPLETED ? TaskStatus.COMPLETED : TaskStatus.PENDING);
        });
        // tasks ready from the start: their grace begins when the first task of the run reaches the scheduler
        // (the job may take a while to reach its first step)
        status.keySet().forEach(t -> {
            if (status.get(t) == TaskStatus.PENDING && needsCompleted(t)) {
                eligibleSince.put(t, NOT_STARTED);
            }
        });
    }

    public RunGate(long runId, String workflow, Map<String, List<String>> needs, int maxParallel,
                   Map<String, TaskStatus> previous) {
        this(runId, workflow, needs, maxParallel, previous, Map.of(), Map.of());
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
                if (status.get(task) == TaskStatus.SKIPPED || status.get(task) == TaskStatus.CANCELLED) {
                    return Verdict.SKIP;
                }
                boolean allDone = true;
                for (String n : needs.getOrDefault(task, List.of())) {
                    TaskStatus s = status.get(n);
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
                status.put(task, TaskStatus.WAITING);
                if (!warned && ticker.nanos() - since > warnAfter.toNanos()) {
                    List<String> notStarted = needs.getOrDefault(task, List.of()).stream()
                            .filter(n -> status.get(n) == TaskStatus.PENDING).toList();
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
            eligibleSince.remove(task);
            atScheduler.add(task);
            if (status.get(task) == TaskStatus.PENDING) { // not if skipped meanwhile (fail-fast)
                status.put(task, TaskStatus.WAITING);
            }
            if (!anyArrived) {
                anyArrived = true;
                long now = ticker.nanos();
                eligibleSince.replaceAll((t, since) -> since == NOT_STARTED ? now : since);
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
            if (status.get(task).isEnd()) {
                return false;
            }
            status.put(task, TaskStatus.RUNNING);
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
            List<String> out = new ArrayList<>();
            eligibleSince.forEach((t, since) -> {
                if (since != NOT_STARTED && now - since < graceNanos) {
                    out.add(t);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** When the earliest grace period of a task still on its way ends (nanoTime), or Long.MAX_VALUE. */
    long nextGraceEnd(long now, long graceNanos) {
        lock.lock();
        try {
            long next = Long.MAX_VALUE;
            for (long since : eligibleSince.values()) {
                if (since != NOT_STARTED && since + graceNanos > now) {
                    next = Math.min(next, since + graceNanos);
                }
            }
            return next;
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
    /**
     * When the task's last need ended in this execution, or when the gate opened if it has no needs or they all
     * completed in an earlier execution: the start of its dependency latency.
     */
    public Instant readySince(String task) {
        lock.lock();
        try {
            Instant ready = opened;
            for (String n : needs.getOrDefault(task, List.of())) {
                Instant e = endedAt.get(n);
                if (e != null && e.isAfter(ready)) {
                    ready = e;
                }
            }
            return ready;
        } finally {
            lock.unlock();
        }
    }

    public List<String> ended(String task, TaskStatus outcome) {
        lock.lock();
        try {
            status.put(task, outcome);
            endedAt.put(task, Instant.now());
            eligibleSince.remove(task);
            List<String> skipped = List.of();
            if (outcome == TaskStatus.FAILED && failFast && failedFirst == null) {
                failedFirst = task;
                skipped = skipAllNotStarted();
            } else if (outcome == TaskStatus.FAILED || outcome == TaskStatus.CANCELLED) {
                skipped = skipDependentsOf(task);
            } else if (outcome == TaskStatus.COMPLETED) {
                long now = ticker.nanos();
                for (String d : dependents.getOrDefault(task, List.of())) {
                    // PENDING, or WAITING for its needs at a gate decision: its thread is about to come for a slot
                    TaskStatus ds = status.get(d);
                    if ((ds == TaskStatus.PENDING || ds == TaskStatus.WAITING) && !atScheduler.contains(d) && needsCompleted(d)) {
                        eligibleSince.put(d, now);
                    }
                }
            }
            cancelHooks.remove(task);
            changed.signalAll();
            return skipped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fan-out plans this server read for the run's partitions (task and job execution → the items, as JSON text),
     * so that each partition does not read and parse the whole plan from the records again.
     */
    private final Map<String, JsonArray> plans = new ConcurrentHashMap<>();

    /** The plan of a fan-out task in one job execution, read once with {@code read} and kept while the run is open. */
    public JsonArray plan(String task, long executionId, Supplier<JsonArray> read) {
        return plans.computeIfAbsent(task + "@" + executionId, k -> read.get());
    }

    /** What stops a task's work when it is cancelled while running, registered by the task's artifact. */
    private final Map<String, List<Runnable>> cancelHooks = new HashMap<>();
    /** Running tasks asked to stop early, and why. */
    private final Map<String, Interruption> interrupted = new HashMap<>();

    /** Why a running task was asked to stop early. */
    public enum Interruption { CANCELLED, TIMED_OUT, LEASE_LOST }

    /** How {@link #cancel} went. */
    /** REQUESTED: passed on to the server of a cluster that executes the run. */
    public enum Cancel { CANCELLED, STOPPING, ALREADY_ENDED, REQUESTED }

    /** @param skipped dependents marked SKIPPED at once (a task cancelled before it started) */
    public record CancelResult(Cancel outcome, List<String> skipped) {
    }

    /**
     * Cancels one task: not started yet → CANCELLED at once and its dependents SKIPPED; running → its
     * artifact is asked to stop (Braid's types stop; a chunk at its next checkpoint) and it ends CANCELLED.
     */
    public CancelResult cancel(String task) {
        List<Runnable> hooks;
        lock.lock();
        try {
            TaskStatus s = status.get(task);
            if (s == null || s.isEnd()) {
                return new CancelResult(Cancel.ALREADY_ENDED, List.of());
            }
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                status.put(task, TaskStatus.CANCELLED);
                eligibleSince.remove(task);
                List<String> skipped = skipDependentsOf(task);
                changed.signalAll();
                return new CancelResult(Cancel.CANCELLED, skipped);
            }
            interrupted.putIfAbsent(task, Interruption.CANCELLED);
            hooks = new ArrayList<>(cancelHooks.getOrDefault(task, List.of()));
        } finally {
            lock.unlock();
        }
        hooks.forEach(Runnable::run); // outside the lock: a hook may block briefly (closing a connection)
        return new CancelResult(Cancel.STOPPING, List.of());
    }

    /** Whether the task was cancelled or its work asked to stop early (cancel or timeout). */
    public boolean cancelRequested(String task) {
        lock.lock();
        try {
            return interrupted.containsKey(task) || status.get(task) == TaskStatus.CANCELLED;
        } finally {
            lock.unlock();
        }
    }

    /** Why a running task was stopped early, if it was. */
    public Optional<Interruption> interruption(String task) {
        lock.lock();
        try {
            return Optional.ofNullable(interrupted.get(task));
        } finally {
            lock.unlock();
        }
    }

    /** The task ran past its {@code timeout:}: its work is asked to stop, and it will end FAILED. */
    public void timeOut(String task) {
        List<Runnable> hooks;
        lock.lock();
        try {
            if (status.get(task) != TaskStatus.RUNNING || interrupted.containsKey(task)) {
                return;
            }
            interrupted.put(task, Interruption.TIMED_OUT);
            hooks = new ArrayList<>(cancelHooks.getOrDefault(task, List.of()));
        } finally {
            lock.unlock();
        }
        hooks.forEach(Runnable::run);
    }

    /**
     * The task's lease on its group slot or locks ran out while it ran (its renewal came too late), so another task
     * may hold them now: its work is asked to stop, and it will end FAILED.
     */
    public void leaseLost(String task) {
        List<Runnable> hooks;
        lock.lock();
        try {
            if (status.get(task) != TaskStatus.RUNNING || interrupted.containsKey(task)) {
                return;
            }
            interrupted.put(task, Interruption.LEASE_LOST);
            hooks = new ArrayList<>(cancelHooks.getOrDefault(task, List.of()));
        } finally {
            lock.unlock();
        }
        hooks.forEach(Runnable::run);
    }

    /** Registers how to stop the task's work if it is cancelled while running. */
    public void onCancel(String task, Runnable hook) {
        boolean now;
        lock.lock();
        try {
            cancelHooks.computeIfAbsent(task, k -> new ArrayList<>()).add(hook);
            now = interrupted.containsKey(task);
        } finally {
            lock.unlock();
        }
        if (now) {
            hook.run();
        }
    }

    /** Fail-fast: every task that has not started will not. */
    private List<String> skipAllNotStarted() {
        List<String> skipped = new ArrayList<>();
        status.forEach((t, s) -> {
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                skipped.add(t);
            }
        });
        skipped.forEach(t -> {
            status.put(t, TaskStatus.SKIPPED);
            eligibleSince.remove(t);
        });
        return skipped;
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
            return status.get(task).isEnd() || needsCompleted(task);
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
            cancelHooks.values().forEach(hooks::addAll);
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

    /** Tasks waiting at a gate decision for needs in other flows. */
    public int waitingForNeeds() {
        lock.lock();
        try {
            int n = 0;
            for (Map.Entry<String, TaskStatus> e : status.entrySet()) {
                if (e.getValue() == TaskStatus.WAITING && !atScheduler.contains(e.getKey())) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    public List<String> needsOf(String task) {
        return needs.getOrDefault(task, List.of());
    }

    private boolean needsCompleted(String task) {
        for (String n : needs.getOrDefault(task, List.of())) {
            if (status.get(n) != TaskStatus.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    private void skipFrom(String task) {
        status.put(task, TaskStatus.SKIPPED);
        eligibleSince.remove(task);
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
                eligibleSince.remove(d);
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
    public record Rank(Priority priority, long remainingMillis) {
        static final Rank DEFAULT = new Rank(Priority.NORMAL, 0);
    }
}
