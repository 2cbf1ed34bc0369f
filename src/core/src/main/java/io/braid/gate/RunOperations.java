package io.braid.gate;

import io.braid.runs.RunView;

import java.util.Map;
import java.util.Optional;

/**
 * What an operator does with runs, by run id (the job instance, the same across a run's executions): the one interface
 * the server's API ({@code io.braid.api.RunService}) and the embedded runtime ({@code io.braid.embedded.EmbeddedRuns})
 * implement, so that callers, the conformance set among them, speak runs the same way on both.
 */
public interface RunOperations {

    /** A run started or restarted: its id, the job execution that began, and its workflow. */
    record Started(long runId, long executionId, String workflow) {
    }

    /**
     * Starts a run of a deployed workflow.
     *
     * @param submittedBy the caller, recorded with the run (null where there are no users: the embedded runtime)
     */
    Started start(String workflow, Map<String, String> params, String submittedBy);

    /** Starts the run's next execution: what completed before is not run again; {@code params} replace earlier ones. */
    Started restart(long runId, Map<String, String> params);

    /** Stops the run's execution in flight; a restart runs what did not complete. */
    void stop(long runId);

    /** Cancels one task of the run in flight: its dependents are skipped. */
    RunGate.Cancel cancel(long runId, String task);

    /** The run's record, if it has one yet. */
    Optional<RunView> run(long runId);
}
