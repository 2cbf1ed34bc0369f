package io.braid.gate;

import io.braid.runs.TaskStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The three ways a run's task is stopped early, in one place: an operator's cancel, its timeout, a lost lease. Keeps
 * why each running task was asked to stop and the hooks its artifact registered to stop its work. Works under its
 * {@link RunGate}'s lock and runs the hooks after releasing it (a hook may block briefly: closing a connection).
 */
final class Interrupts {
    /** What the stops need of their run's gate; called with the gate's lock held. */
    interface Run {
        TaskStatus status(String task);

        /** Marks a task that has not started CANCELLED and skips its dependents; returns those skipped. */
        List<String> cancelNotStarted(String task);
    }

    private final ReentrantLock lock;
    private final Run run;
    private final Map<String, List<Runnable>> hooks = new HashMap<>();
    private final Map<String, RunGate.Interruption> reasons = new HashMap<>();

    Interrupts(ReentrantLock lock, Run run) {
        this.lock = lock;
        this.run = run;
    }

    RunGate.CancelResult cancel(String task) {
        List<Runnable> stop;
        lock.lock();
        try {
            TaskStatus s = run.status(task);
            if (s == null || s.isEnd()) {
                return new RunGate.CancelResult(RunGate.Cancel.ALREADY_ENDED, List.of());
            }
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                return new RunGate.CancelResult(RunGate.Cancel.CANCELLED, run.cancelNotStarted(task));
            }
            stop = interrupt(task, RunGate.Interruption.CANCELLED);
        } finally {
            lock.unlock();
        }
        stop.forEach(Runnable::run);
        return new RunGate.CancelResult(RunGate.Cancel.STOPPING, List.of());
    }

    /** Asks a running task's work to stop, unless it is not running or was already asked. */
    void interruptRunning(String task, RunGate.Interruption why) {
        List<Runnable> stop;
        lock.lock();
        try {
            if (run.status(task) != TaskStatus.RUNNING) {
                return;
            }
            stop = interrupt(task, why);
        } finally {
            lock.unlock();
        }
        stop.forEach(Runnable::run);
    }

    boolean cancelRequested(String task) {
        lock.lock();
        try {
            return reasons.containsKey(task) || run.status(task) == TaskStatus.CANCELLED;
        } finally {
            lock.unlock();
        }
    }

    Optional<RunGate.Interruption> reason(String task) {
        lock.lock();
        try {
            return Optional.ofNullable(reasons.get(task));
        } finally {
            lock.unlock();
        }
    }

    /** Registers a hook; runs it at once if the task was already asked to stop. */
    void onCancel(String task, Runnable hook) {
        boolean now;
        lock.lock();
        try {
            hooks.computeIfAbsent(task, k -> new ArrayList<>()).add(hook);
            now = reasons.containsKey(task);
        } finally {
            lock.unlock();
        }
        if (now) {
            hook.run();
        }
    }

    /** The task ended: its work needs no stopping any more (why it was asked stays, for its outcome). Lock held. */
    void ended(String task) {
        hooks.remove(task);
    }

    /** Every registered hook: a stop of the whole run asked through another server stops all running work. Lock held. */
    List<Runnable> allHooks() {
        List<Runnable> all = new ArrayList<>();
        hooks.values().forEach(all::addAll);
        return all;
    }

    /** Records why the task is asked to stop (the first reason stays); the hooks to run, none if already asked. */
    private List<Runnable> interrupt(String task, RunGate.Interruption why) {
        if (reasons.putIfAbsent(task, why) != null) {
            return List.of();
        }
        return new ArrayList<>(hooks.getOrDefault(task, List.of()));
    }
}
