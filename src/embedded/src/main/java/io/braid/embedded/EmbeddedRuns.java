package io.braid.embedded;

import io.braid.gate.RunGate;
import io.braid.gate.RunOperations;
import io.braid.runs.RunView;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RunOperations} on the embedded runtime: a run is a JBeret job instance, its operations act on the instance's
 * latest execution. There are no users here: {@code submittedBy} is not recorded.
 */
public final class EmbeddedRuns implements RunOperations {
    private final EmbeddedBraid braid;

    EmbeddedRuns(EmbeddedBraid braid) {
        this.braid = braid;
    }

    @Override
    public Started start(String workflow, Map<String, String> params, String submittedBy) {
        long execution = braid.start(workflow, params);
        return new Started(braid.runId(execution), execution, workflow);
    }

    @Override
    public Started restart(long runId, Map<String, String> params) {
        JobExecution last = latest(runId);
        long execution = braid.restart(last.getExecutionId(), params);
        return new Started(runId, execution, last.getJobName());
    }

    @Override
    public void stop(long runId) {
        braid.stop(latest(runId).getExecutionId());
    }

    @Override
    public RunGate.Cancel cancel(long runId, String task) {
        return braid.cancel(latest(runId).getExecutionId(), task).map(RunGate.CancelResult::outcome)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " is not running here"));
    }

    @Override
    public Optional<RunView> run(long runId) {
        return braid.records().run(runId);
    }

    /** The run's newest execution, from the job repository (the record may not know of a restart yet). */
    private JobExecution latest(long runId) {
        RunView known = run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        JobInstance instance = braid.operator().getJobInstance(known.executionId());
        return braid.operator().getJobExecutions(instance).stream().max(Comparator.comparingLong(JobExecution::getExecutionId))
                .orElseThrow();
    }
}
