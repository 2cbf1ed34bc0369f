package io.braid.gate;

import io.braid.runs.RunStatus;
import io.braid.runs.TaskStatus;
import jakarta.batch.runtime.BatchStatus;

import java.util.Collection;
import java.util.Optional;

/**
 * The outcome rules: how a task's step and a run's job end, from what the batch runtime reports and what the gate
 * knows. Pure functions, so that every combination is tested without a batch runtime (OutcomesTest); the listeners
 * only gather the facts ({@link TaskListener#afterStep}, {@link RunListener#afterJob}).
 */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * What a task's step saw when it ended.
     *
     * @param interruption       the gate interrupted it (its timeout, a lost lease, or a cancel)
     * @param cancelRequested    an operator cancelled this task
     * @param runStopping        the step ended with Braid's {@code RunStoppingException} (its run is being stopped, or
     *                           failed fast elsewhere)
     * @param skippedByGate      the gate had already marked it SKIPPED (fail-fast: it never started)
     * @param stopAskedElsewhere a stop of the run was asked through another server of the cluster
     * @param error              the step ended with an exception
     * @param batchStatus        the step's batch status
     * @param jobStopping        the job's batch status is STOPPING
     */
    public record StepEnd(Optional<RunGate.Interruption> interruption, boolean cancelRequested, boolean runStopping,
                          boolean skippedByGate, boolean stopAskedElsewhere, boolean error, BatchStatus batchStatus,
                          boolean jobStopping) {
    }

    public static TaskStatus task(StepEnd e) {
        if (e.interruption().filter(i -> i == RunGate.Interruption.TIMED_OUT || i == RunGate.Interruption.LEASE_LOST).isPresent()) {
            return TaskStatus.FAILED; // timed out, or its lease ran out: either way it did not finish its work
        }
        if (e.cancelRequested()) {
            return TaskStatus.CANCELLED;
        }
        if (e.runStopping() && e.skippedByGate()) {
            return TaskStatus.SKIPPED;
        }
        if (e.runStopping() || e.error() && e.stopAskedElsewhere()) {
            return TaskStatus.STOPPED;
        }
        if (e.error() || e.batchStatus() == BatchStatus.FAILED) {
            return TaskStatus.FAILED;
        }
        if (e.batchStatus() == BatchStatus.STOPPING || e.batchStatus() == BatchStatus.STOPPED || e.jobStopping()) {
            return TaskStatus.STOPPED;
        }
        return TaskStatus.COMPLETED;
    }

    /**
     * What a run's job saw when it ended.
     *
     * @param refused      Braid refused the job (not a deployed workflow, or changed)
     * @param failedFast   a task failed with fail-fast on, and stopped the rest
     * @param gateStopping the gate was asked to stop the run
     * @param batchStatus  the job's batch status
     * @param tasks        every task's status as the gate has it
     */
    public record JobEnd(boolean refused, boolean failedFast, boolean gateStopping, BatchStatus batchStatus,
                         Collection<TaskStatus> tasks) {
    }

    /**
     * @param status     the run's
     * @param unfinished what its tasks that had not ended become: STOPPED (a restart runs them) or SKIPPED
     */
    public record RunEnd(RunStatus status, TaskStatus unfinished) {
    }

    public static RunEnd run(JobEnd e) {
        boolean stopped = !e.failedFast() && (e.gateStopping() || e.batchStatus() == BatchStatus.STOPPING
                || e.batchStatus() == BatchStatus.STOPPED);
        TaskStatus unfinished = stopped ? TaskStatus.STOPPED : TaskStatus.SKIPPED;
        RunStatus status;
        if (e.refused()) {
            status = RunStatus.FAILED;
        } else if (stopped) {
            status = RunStatus.STOPPED;
        } else if (e.failedFast() || e.batchStatus() == BatchStatus.FAILED || e.tasks().stream().anyMatch(s -> !s.isEnd()
                || s == TaskStatus.FAILED || s == TaskStatus.SKIPPED || s == TaskStatus.CANCELLED)) {
            status = RunStatus.FAILED;
        } else {
            status = RunStatus.COMPLETED;
        }
        return new RunEnd(status, unfinished);
    }
}
