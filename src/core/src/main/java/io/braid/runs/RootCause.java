package io.braid.runs;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Why a run failed: the task that failed first, its error, and the tasks that were skipped because of it.
 *
 * @param skipped tasks that did not run because of the failure: its transitive dependents, or, in a fail-fast
 *                run, every task that had not started
 */
public record RootCause(String task, String error, Instant at, List<String> skipped, List<String> otherFailures) {

    /**
     * @param needs    the workflow's graph, if known (a job started from inline JSL may not be in the catalog);
     *                 without it every skipped task is listed
     * @param failFast whether the workflow stops at the first failure
     */
    public static Optional<RootCause> of(RunView run, Optional<Map<String, List<String>>> needs, boolean failFast) {
        List<TaskView> failed = run.tasks().stream().filter(t -> "FAILED".equals(t.status()))
                .sorted(Comparator.comparing((TaskView t) -> t.end() == null ? Instant.MAX : t.end())
                        .thenComparing(t -> t.start() == null ? Instant.MAX : t.start()))
                .toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        TaskView first = failed.get(0);
        Set<String> because = new LinkedHashSet<>();
        List<String> skippedTasks = run.tasks().stream().filter(t -> "SKIPPED".equals(t.status())).map(TaskView::id).toList();
        if (failFast || needs.isEmpty()) {
            because.addAll(skippedTasks);
        } else {
            Map<String, List<String>> dependents = new HashMap<>();
            needs.get().forEach((t, ns) -> ns.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(t)));
            Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(first.id(), List.of()));
            Set<String> reach = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String d = todo.poll();
                if (reach.add(d)) {
                    todo.addAll(dependents.getOrDefault(d, List.of()));
                }
            }
            skippedTasks.stream().filter(reach::contains).forEach(because::add);
        }
        return Optional.of(new RootCause(first.id(), first.error(), first.end(), List.copyOf(because),
                failed.stream().skip(1).map(TaskView::id).toList()));
    }
}
