package io.braid.runs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Braid's batch listeners and tasks write about runs (so runs started through Liberty's batch REST API or Admin
 * Center are recorded too). Read back through {@link RunExplorer}.
 */
public interface RunRecorder {

    /**
     * A job execution of the run began: creates the run and its PENDING tasks, or, on restart, marks the
     * given tasks COMPLETED (keeping their times) and resets every other task to PENDING.
     *
     * @param needs     every task of the workflow (in declaration order) to its needs: the graph the run executes
     * @param completed tasks whose steps the batch runtime will not run again (they completed before)
     */
    void executionStarted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                          Set<String> completed, String owner, Instant at);

    /**
     * Braid's API submitted the run: it is recorded at once, QUEUED with its PENDING tasks (unless its job already
     * recorded it), so every run the API answered for is listed, whatever happens next.
     */
    void runSubmitted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                      String submittedBy, Instant at);

    /** The run's execution was admitted (the server's limit of runs in flight let it in): RUNNING. */
    void runAdmitted(long runId, Instant at);

    /**
     * Runs whose execution died with its server or runner: the run FAILED with the reason, its unfinished tasks
     * STOPPED (so a restart runs them again), open tries closed.
     */
    void lost(Collection<Long> runIds, String reason, Instant at);

    /**
     * Returns once every record write made before it is in the database: a store may write a task's own records
     * (waiting, started, ended, heartbeats, progress, partitions' tries, its outputs) after the call returns, in order; its reads and
     * its other writes see them all.
     */
    default void flush() {
    }

    void taskWaiting(long runId, String task, String reason);

    void taskStarted(long runId, String task, long executionId, Instant at);

    void taskEnded(long runId, String task, TaskStatus status, Instant at, String error);

    /** The gate's heartbeat saw these tasks of the run still running. */
    void heartbeats(long runId, Collection<String> tasks, Instant at);

    /** How far a running task has come (JSON object), which is also a heartbeat. */
    void taskProgress(long runId, String task, String json, Instant at);

    /**
     * An attempt of a running task (or of its fan-out partition, {@code partition} ≥ 0; -1 for the task itself)
     * failed and will be retried within the step: counts the attempt, keeps the error, begins the next try.
     */
    void taskRetried(long runId, String task, int partition, String error);

    /** A fan-out partition of a task began a try ({@code item} its item as JSON). */
    void partitionStarted(long runId, String task, int partition, String item, long executionId, Instant at);

    void partitionEnded(long runId, String task, int partition, TaskStatus status, Instant at, String error);

    /** Marks tasks that cannot run any more (dependents of a failure, or never reached). */
    void tasksEnded(long runId, Collection<String> tasks, TaskStatus status, Instant at);

    default void executionEnded(long runId, RunStatus status, Instant at) {
        executionEnded(runId, status, at, null);
    }

    /** @param reason why, when no task says it (e.g. the server stopped while the run was in flight), or null */
    void executionEnded(long runId, RunStatus status, Instant at, String reason);

    /**
     * Braid refused to run a job execution (it is not a deployed workflow, or was changed): the run is recorded
     * FAILED with the reason, created if the job never reached Braid's run listener.
     */
    void runRefused(long runId, long executionId, String workflow, String reason, Instant at);
}
