package io.braid.gate;

import io.braid.runs.TaskStatus;

import io.braid.runs.RunRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * Cancels one task of a running run, for the REST API and the embedded runner alike: a task that has not
 * started is CANCELLED at once (its dependents SKIPPED); a running one is asked to stop and ends CANCELLED.
 */
@ApplicationScoped
public class TaskCanceller {
    @Inject
    ServerGate gates;
    @Inject
    RunRecorder recorder;

    /** @return empty if the run is not executing here; otherwise how the cancel went */
    public Optional<RunGate.CancelResult> cancel(long runId, String task) {
        Optional<RunGate> gate = gates.find(runId);
        if (gate.isEmpty()) {
            return Optional.empty();
        }
        RunGate.CancelResult r = gate.get().cancel(task);
        if (r.outcome() == RunGate.Cancel.CANCELLED) {
            Instant now = Instant.now();
            recorder.taskEnded(runId, task, TaskStatus.CANCELLED, now, "cancelled by an operator");
            recorder.tasksEnded(runId, r.skipped(), TaskStatus.SKIPPED, now);
            gates.scheduler().poke();
        }
        return Optional.of(r);
    }
}
