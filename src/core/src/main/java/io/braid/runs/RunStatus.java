package io.braid.runs;

/** Life cycle of a run: one job instance, across its executions (a restart begins the cycle again). */
public enum RunStatus {
    /** Submitted and recorded; its execution waits for the server's limit of runs in flight. */
    QUEUED,
    RUNNING,
    /** Every task completed. */
    COMPLETED,
    /** A task failed, was skipped or cancelled, or Braid refused the job, or its server died with it. */
    FAILED,
    /** Stopped by an operator or by the server's shutdown; a restart runs what did not complete. */
    STOPPED;

    public boolean isEnd() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }
}
