package io.braid.runs;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as the API and the embedded runner show it. Times are null until they happened. {@code needs} is the
 * dependency graph the run executed with (task to its needs, in declaration order); empty if not known.
 * {@code reason} says why the run ended as it did when no task says it (refused, server stopped), else null.
 */
public record RunView(long id, String workflow, String status, long executionId, int executions,
                      String submittedBy, Instant created, Instant start, Instant end, List<TaskView> tasks,
                      Map<String, List<String>> needs, String reason) {
    public RunView {
        tasks = List.copyOf(tasks);
        needs = needs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(needs));
    }

    public RunView(long id, String workflow, String status, long executionId, int executions,
                   String submittedBy, Instant created, Instant start, Instant end, List<TaskView> tasks) {
        this(id, workflow, status, executionId, executions, submittedBy, created, start, end, tasks, null, null);
    }
}
