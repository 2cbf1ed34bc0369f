package io.braid.runs;

import java.time.Instant;
import java.util.List;

/** A run as the API and the embedded runner show it. Times are null until they happened. */
public record RunView(long id, String workflow, String status, long executionId, int executions,
                      String submittedBy, Instant created, Instant start, Instant end, List<TaskView> tasks) {
    public RunView {
        tasks = List.copyOf(tasks);
    }
}
