package io.braid.runs;

/** Life cycle of one task in one run. */
public enum TaskStatus {
    /** Not yet reached. */
    PENDING,
    /** Reached, waiting for its needs or for a free slot. */
    WAITING,
    RUNNING,
    COMPLETED,
    FAILED,
    /** Not run because a need failed or was skipped. */
    SKIPPED,
    /** The run was stopped before or while the task ran. */
    STOPPED,
    /** Cancelled on its own (POST …/tasks/{id}/cancel); its dependents are skipped. */
    CANCELLED;

    public boolean isEnd() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == STOPPED || this == CANCELLED;
    }

    /** The task will not run (or did not finish) and its dependents must not run either. */
    public boolean blocksDependents() {
        return this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
