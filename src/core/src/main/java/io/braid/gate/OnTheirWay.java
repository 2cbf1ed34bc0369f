package io.braid.gate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of one run whose needs all completed and whose threads have not reached the scheduler yet, with when
 * they became eligible (ticker nanos): the scheduler holds a slot for the better-ranked of them during a grace period
 * instead of giving it to a worse-ranked task that happens to arrive first. Not thread-safe: its {@link RunGate}
 * calls it under its lock.
 */
final class OnTheirWay {
    /** Eligible from the start: the grace begins when the run's first task reaches the scheduler. */
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final Map<String, Long> since = new LinkedHashMap<>();
    /** Tasks whose threads have reached the scheduler in this execution. */
    private final Set<String> atScheduler = new HashSet<>();
    private boolean anyArrived;

    void readyFromTheStart(String task) {
        since.put(task, NOT_STARTED);
    }

    /** The task's last need completed: its thread is about to come for a slot (unless it is already there). */
    void ready(String task, long now) {
        if (!atScheduler.contains(task)) {
            since.put(task, now);
        }
    }

    /** The task no longer comes: it ended, was skipped or cancelled. */
    void gone(String task) {
        since.remove(task);
    }

    void arrived(String task, long now) {
        since.remove(task);
        atScheduler.add(task);
        if (!anyArrived) { // the job may take a while to reach its first step: the waits of the ready ones begin now
            anyArrived = true;
            since.replaceAll((t, s) -> s == NOT_STARTED ? now : s);
        }
    }

    boolean atScheduler(String task) {
        return atScheduler.contains(task);
    }

    /** Those that became eligible at most {@code graceNanos} ago. */
    List<String> within(long now, long graceNanos) {
        List<String> out = new ArrayList<>();
        since.forEach((t, s) -> {
            if (s != NOT_STARTED && now - s < graceNanos) {
                out.add(t);
            }
        });
        return out;
    }

    /** When the earliest grace period still running ends (nanos), or Long.MAX_VALUE. */
    long nextGraceEnd(long now, long graceNanos) {
        long next = Long.MAX_VALUE;
        for (long s : since.values()) {
            if (s != NOT_STARTED && s + graceNanos > now) {
                next = Math.min(next, s + graceNanos);
            }
        }
        return next;
    }
}
