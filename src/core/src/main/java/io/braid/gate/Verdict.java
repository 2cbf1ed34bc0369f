package io.braid.gate;

/** What the gate decides for a task whose needs it awaited. */
public enum Verdict {
    /** All needs completed. */
    RUN,
    /** A need failed or was skipped: the task must not run. */
    SKIP,
    /** The run is stopping: the task must not start. */
    STOP
}
