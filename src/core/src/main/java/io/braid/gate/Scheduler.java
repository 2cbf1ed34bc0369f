package io.braid.gate;

import io.braid.gate.ResourceLedger.Blocked;
import io.braid.gate.ResourceLedger.Holder;
import io.braid.job.ClaimSpec;
import io.braid.model.GroupSpec;
import io.braid.model.Priority;
import io.braid.runs.TaskStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Hands out the right to start to tasks whose needs are done, server-wide: the run's cap, the server cap, the
 * task's group (concurrency and rate) and its locks, all at once or nothing.
 *
 * <p>Order: whenever something changes, the waiting tasks of all runs are walked best first — effective
 * priority (priority raised one level per {@code agingStep} of waiting), then longer remaining critical path,
 * then arrival — and each is granted if everything it needs is free. A task refused by the ledger keeps the
 * resource that refused it (and its locks) from worse-ranked tasks, so a writer is not starved by a stream of
 * readers and a task needing several locks is not starved by tasks taking them one by one. Eligible tasks whose
 * threads have not arrived yet hold a run and server slot for {@code grace}.
 *
 * <p>Deadlock freedom: a task waits here only for slots or resources held by running tasks, which hold them
 * until they end and never wait for anything while holding them; locks are taken all at once; a lease whose
 * holder disappeared expires. See docs/architecture.md.
 */
public final class Scheduler {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(RunGate.POLL_MILLIS);

    private final ResourceLedger ledger;
    private final IntSupplier serverCap;
    private final long graceNanos;
    private final long agingNanos;
    private final Ticker ticker;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, RunGate> runs = new LinkedHashMap<>();
    private final Map<Long, Integer> runningByRun = new HashMap<>();
    /** The tasks granted their start, each with the fencing token of its ledger lease (0: it needed none). */
    private final Map<Holder, Long> granted = new LinkedHashMap<>();
    private final List<Claim> waiting = new ArrayList<>();
    private int running;
    private long arrivals;
    /** Bumped by every change; a dispatch with nothing new and no timed event due is skipped. */
    private long version;
    private long dispatchedVersion = -1;
    private long nextWake = Long.MAX_VALUE;
    private volatile long lastHeartbeat;

    /**
     * @param serverCap the server-wide cap on running tasks, read at every decision (0: none); adaptive
     *                  concurrency supplies a moving value
     * @param grace     how long a slot is held for an eligible task whose thread is on its way
     * @param agingStep waiting this long raises a task's priority by one level
     * @param ticker    time for waits, aging and grace
     * @param clock     time of the grants (a task's start), as recorded
     */
    public Scheduler(ResourceLedger ledger, IntSupplier serverCap, Duration grace, Duration agingStep, Ticker ticker, Clock clock) {
        this.ledger = ledger;
        this.serverCap = serverCap;
        this.graceNanos = grace.toNanos();
        this.agingNanos = Math.max(1, agingStep.toNanos());
        this.ticker = ticker;
        this.clock = clock;
        this.lastHeartbeat = ticker.nanos();
    }

    public Ticker ticker() {
        return ticker;
    }

    /** One task waiting for its start. */
    private static final class Claim {
        final RunGate run;
        final String task;
        final RunGate.Rank rank;
        final ResourceRequest request;
        final long arrivedNanos;
        final long seq;
        boolean granted;
        Instant grantedAt;
        String reason;

        Claim(RunGate run, String task, long arrivedNanos, long seq) {
            this.run = run;
            this.task = task;
            this.rank = run.rank(task);
            ClaimSpec spec = run.claim(task);
            this.request = new ResourceRequest(run.runId(), task, spec.group(), spec.locks());
            this.arrivedNanos = arrivedNanos;
            this.seq = seq;
        }
    }

    /** A candidate in one dispatch: a waiting claim, or an eligible task still on its way (claim null). */
    private record Candidate(RunGate run, String task, int priority, long remaining, long seq, Claim claim) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::priority)
            .thenComparing(Comparator.comparingLong(Candidate::remaining).reversed())
            .thenComparingLong(Candidate::seq);

    public void register(RunGate run, Collection<GroupSpec> groups) {
        ledger.defineGroups(run.runId(), groups);
        lock.lock();
        try {
            runs.put(run.runId(), run);
            touch();
        } finally {
            lock.unlock();
        }
    }

    /** The run's job execution ended: whatever it still holds is released at once. */
    public void unregister(long runId) {
        lock.lock();
        try {
            runs.remove(runId);
            waiting.removeIf(c -> c.run.runId() == runId);
            granted.keySet().removeIf(h -> h.runId() == runId);
            running -= runningByRun.getOrDefault(runId, 0);
            runningByRun.remove(runId);
            ledger.releaseRun(runId);
            touch();
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the task may start, then holds its run slot, server slot, group slot, rate token and locks
     * until {@link #release}. Reports each new reason it waits for (e.g. {@code run cap}, {@code lock x}) to
     * {@code onWaiting}, outside the scheduler's lock.
     *
     * @return the instant of the grant (the task's start), or empty if the run is stopping
     */
    public Optional<Instant> acquire(RunGate run, String task, BooleanSupplier stopRequested, Consumer<String> onWaiting)
            throws InterruptedException {
        lock.lock();
        Claim claim = new Claim(run, task, ticker.nanos(), arrivals++);
        try {
            run.arrived(task);
            waiting.add(claim);
            touch();
            String reported = null;
            while (true) {
                dispatch();
                if (claim.granted) {
                    return Optional.of(claim.grantedAt);
                }
                if (run.isStopping() || stopRequested.getAsBoolean() || run.status(task).isEnd()) {
                    return Optional.empty(); // stopping, or skipped (fail-fast) or cancelled meanwhile
                }
                if (claim.reason != null && !claim.reason.equals(reported)) {
                    reported = claim.reason;
                    lock.unlock();
                    try {
                        onWaiting.accept(reported);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long now = ticker.nanos();
                changed.awaitNanos(Math.max(100_000, Math.min(POLL_NANOS, nextWake - now)));
            }
        } finally {
            if (!claim.granted) {
                waiting.remove(claim);
                touch();
            }
            lock.unlock();
        }
    }

    /** The task ended (or its needs decided it never runs): frees what it held and lets the next ones start. */
    public void release(long runId, String task) {
        lock.lock();
        try {
            if (granted.remove(new Holder(runId, task)) != null) {
                running--;
                runningByRun.merge(runId, -1, Integer::sum);
                ledger.release(runId, task);
            }
            touch();
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renews the leases of the tasks running here: called periodically, well within the lease time, on a thread of
     * its own (a renewal that waited behind other work could come too late). A task whose lease was lost meanwhile
     * (it ran out, and may have been granted to another) is told, and stopped: it must not act as a holder.
     *
     * @return the tasks seen running
     */
    public List<Holder> heartbeat() {
        lastHeartbeat = ticker.nanos();
        Map<Holder, Long> alive = new LinkedHashMap<>();
        Map<Holder, Long> leased = new LinkedHashMap<>();
        lock.lock();
        try {
            granted.forEach((h, token) -> {
                RunGate g = runs.get(h.runId());
                if (g != null && g.status(h.task()) == TaskStatus.RUNNING) {
                    alive.put(h, token);
                    if (token != 0) {
                        leased.put(h, token);
                    }
                }
            });
        } finally {
            lock.unlock();
        }
        Set<Holder> lost = leased.isEmpty() ? Set.of() : ledger.renew(leased);
        for (Holder h : lost) {
            RunGate g;
            lock.lock();
            try {
                g = runs.get(h.runId());
            } finally {
                lock.unlock();
            }
            if (g != null) {
                g.leaseLost(h.task()); // outside the scheduler's lock: it runs the task's stop hooks
            }
        }
        lock.lock();
        try {
            touch(); // expired foreign leases may have freed something
            dispatch();
        } finally {
            lock.unlock();
        }
        return List.copyOf(alive.keySet());
    }

    /** Something outside the scheduler changed (e.g. the cap): decide again. */
    public void poke() {
        lock.lock();
        try {
            touch();
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    private void touch() {
        version++;
    }

    /** Grants every waiting task that may start now, best first. Call with the lock held. */
    private void dispatch() {
        long now = ticker.nanos();
        if (version == dispatchedVersion && now < nextWake) {
            return;
        }
        dispatchedVersion = version;
        nextWake = now + POLL_NANOS;
        Instant wall = clock.instant();
        List<Candidate> candidates = new ArrayList<>(waiting.size());
        for (Claim c : waiting) {
            int aged = (int) Math.min(Priority.values().length, (now - c.arrivedNanos) / agingNanos);
            candidates.add(new Candidate(c.run, c.task, Math.max(0, c.rank.priority().ordinal() - aged),
                    c.rank.remainingMillis(), c.seq, c));
        }
        for (RunGate g : runs.values()) {
            for (String t : g.onTheirWay(now, graceNanos)) {
                RunGate.Rank r = g.rank(t);
                candidates.add(new Candidate(g, t, r.priority().ordinal(), r.remainingMillis(), Long.MAX_VALUE, null));
            }
            nextWake = Math.min(nextWake, g.nextGraceEnd(now, graceNanos));
        }
        candidates.sort(BEST_FIRST);
        int cap = serverCap.getAsInt();
        int usedServer = running;
        Map<Long, Integer> usedRun = new HashMap<>(runningByRun);
        Set<String> reserved = new HashSet<>();
        boolean grantedAny = false;
        for (Candidate c : candidates) {
            String reason = null;
            if (usedRun.getOrDefault(c.run().runId(), 0) >= c.run().maxParallel()) {
                reason = "run cap";
            } else if (cap > 0 && usedServer >= cap) {
                reason = "server cap";
            }
            Claim claim = c.claim();
            if (claim != null && claim.run.status(claim.task).isEnd()) {
                continue; // skipped (fail-fast) or cancelled while waiting: its thread leaves at its next check
            }
            if (claim == null) { // on its way: holds a slot if one is free for it
                if (reason == null) {
                    usedServer++;
                    usedRun.merge(c.run().runId(), 1, Integer::sum);
                }
                continue;
            }
            if (reason == null) {
                reason = reservedBy(claim.request, reserved);
            }
            long token = 0;
            if (reason == null && ledger.needs(claim.request)) {
                ResourceLedger.Acquisition got = ledger.tryAcquire(claim.request);
                if (got.isGranted()) {
                    token = got.token();
                } else {
                    Blocked blocked = got.blocked();
                    reason = blocked.reason();
                    reserved.add(blocked.resource());
                    claim.request.locks().forEach(l -> reserved.add("lock:" + l.name()));
                    blocked.retryIn().ifPresent(in -> nextWake = Math.min(nextWake, now + Math.max(0, in.toNanos())));
                }
            }
            if (reason != null) {
                claim.reason = reason;
                continue;
            }
            // the task may have been cancelled or skipped while the ledger was asked: then it does not start
            if (!claim.run.tryStart(claim.task)) {
                if (token != 0) {
                    ledger.release(claim.run.runId(), claim.task);
                }
                continue;
            }
            claim.granted = true;
            // a grant from the ledger comes after this pass began (the ledger reads its own time, and a shared one
            // waits for the database): the task starts when it was granted, so its recorded start never precedes
            // the ledger's instant for it (a rate window counts from there) nor the release of what it took
            claim.grantedAt = token != 0 ? clock.instant() : wall;
            granted.put(new Holder(claim.run.runId(), claim.task), token);
            running++;
            runningByRun.merge(claim.run.runId(), 1, Integer::sum);
            usedServer++;
            usedRun.merge(claim.run.runId(), 1, Integer::sum);
            grantedAny = true;
        }
        if (grantedAny) {
            waiting.removeIf(c -> c.granted);
            changed.signalAll();
        }
    }

    private static String reservedBy(ResourceRequest r, Set<String> reserved) {
        if (reserved.contains(ResourceLedger.CLUSTER)) {
            return "cluster cap"; // only a ledger with a cluster cap refuses with it, and then every task asks it
        }
        if (r.group() != null) {
            if (reserved.contains("group:" + r.group())) {
                return "group " + r.group();
            }
            if (reserved.contains("rate:" + r.group())) {
                return "rate " + r.group();
            }
        }
        for (var l : r.locks()) {
            if (reserved.contains("lock:" + l.name())) {
                return "lock " + l.name();
            }
        }
        return null;
    }

    /**
     * What liveness needs: how long ago the heartbeat last ran, and the tasks that have waited longer than
     * {@code stuckAfter} without any reason the scheduler knows (no cap, group, rate or lock holds them back),
     * which would mean a waiting task is never considered.
     */
    public Liveness liveness(Duration stuckAfter) {
        long now = ticker.nanos();
        lock.lock();
        try {
            List<String> stuck = new ArrayList<>();
            for (Claim c : waiting) {
                if (c.reason == null && now - c.arrivedNanos > stuckAfter.toNanos()) {
                    stuck.add(c.run.runId() + "/" + c.task);
                }
            }
            return new Liveness(Duration.ofNanos(now - lastHeartbeat), stuck);
        } finally {
            lock.unlock();
        }
    }

    /** @param stuck waiting tasks held back by nothing known, as {@code run/task} */
    public record Liveness(Duration sinceHeartbeat, List<String> stuck) {
    }

    /** Caps and waiting tasks as they are now. */
    public View view() {
        lock.lock();
        try {
            List<RunState> runStates = new ArrayList<>();
            Map<String, Integer> waitingByReason = new LinkedHashMap<>();
            for (Claim c : waiting) {
                if (c.reason != null) {
                    waitingByReason.merge(c.reason, 1, Integer::sum);
                }
            }
            for (RunGate g : runs.values()) {
                int w = (int) waiting.stream().filter(c -> c.run == g).count();
                runStates.add(new RunState(g.runId(), g.workflow(), g.maxParallel(),
                        runningByRun.getOrDefault(g.runId(), 0), w));
            }
            return new View(serverCap.getAsInt(), running, waiting.size(), waitingByReason, runStates, ledger.snapshot());
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param serverCap       the effective server cap (0: none)
     * @param waitingByReason waiting tasks per reason ({@code run cap}, {@code group api}, …)
     */
    public record View(int serverCap, int running, int waiting, Map<String, Integer> waitingByReason,
                       List<RunState> runs, ResourceLedger.Snapshot resources) {
    }

    public record RunState(long runId, String workflow, int maxParallel, int running, int waiting) {
    }
}
