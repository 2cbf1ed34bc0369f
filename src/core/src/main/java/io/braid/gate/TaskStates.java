package io.braid.gate;

import io.braid.runs.TaskStatus;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of one run as a graph with statuses: each task's needs and dependents, its status in this execution, when
 * it ended, and the skipping that follows a failure. Not thread-safe: its {@link RunGate} calls it under its lock.
 */
final class TaskStates {
    private final Map<String, List<String>> needs;
    private final Map<String, List<String>> dependents = new LinkedHashMap<>();
    private final Map<String, TaskStatus> status = new LinkedHashMap<>();
    private final Map<String, Instant> endedAt = new HashMap<>();

    /** @param previous statuses from earlier executions: COMPLETED stays, anything else starts over as PENDING */
    TaskStates(Map<String, List<String>> needs, Map<String, TaskStatus> previous) {
        this.needs = Collections.unmodifiableMap(new LinkedHashMap<>(needs));
        needs.forEach((task, ns) -> {
            dependents.putIfAbsent(task, new ArrayList<>());
            ns.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(task));
            status.put(task, previous.get(task) == TaskStatus.COMPLETED ? TaskStatus.COMPLETED : TaskStatus.PENDING);
        });
    }

    TaskStatus get(String task) {
        return status.get(task);
    }

    void set(String task, TaskStatus s) {
        status.put(task, s);
    }

    List<String> needsOf(String task) {
        return needs.getOrDefault(task, List.of());
    }

    List<String> dependentsOf(String task) {
        return dependents.getOrDefault(task, List.of());
    }

    boolean needsCompleted(String task) {
        for (String n : needsOf(task)) {
            if (status.get(n) != TaskStatus.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    void ended(String task, TaskStatus outcome, Instant at) {
        status.put(task, outcome);
        endedAt.put(task, at);
    }

    /** When the task's last need ended in this execution, or {@code opened} if none did. */
    Instant readySince(String task, Instant opened) {
        Instant ready = opened;
        for (String n : needsOf(task)) {
            Instant e = endedAt.get(n);
            if (e != null && e.isAfter(ready)) {
                ready = e;
            }
        }
        return ready;
    }

    /** Marks every transitive dependent that has not started SKIPPED; returns them. */
    List<String> skipDependentsOf(String task) {
        List<String> skipped = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(dependentsOf(task));
        while (!todo.isEmpty()) {
            String d = todo.poll();
            TaskStatus s = status.get(d);
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                status.put(d, TaskStatus.SKIPPED);
                skipped.add(d);
                todo.addAll(dependentsOf(d));
            }
        }
        return skipped;
    }

    /** Fail-fast: every task that has not started will not; returns them. */
    List<String> skipAllNotStarted() {
        List<String> skipped = new ArrayList<>();
        status.forEach((t, s) -> {
            if (s == TaskStatus.PENDING || s == TaskStatus.WAITING) {
                skipped.add(t);
            }
        });
        skipped.forEach(t -> status.put(t, TaskStatus.SKIPPED));
        return skipped;
    }

    Map<String, TaskStatus> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(status));
    }
}
