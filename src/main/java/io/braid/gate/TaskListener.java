package io.braid.gate;

import io.braid.compile.JobProperties;
import io.braid.runs.RunStore;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.util.List;

/**
 * Wraps every task step: before it, takes a slot under the run's {@code maxParallel} cap (blocking, in
 * rank order: priority, then remaining critical path) and records RUNNING; after it, records the outcome, gives the slot back and, on failure,
 * skips the task's dependents. The runtime creates one listener per step execution, so the slot flag is
 * per task attempt.
 */
@Named(JobProperties.TASK_LISTENER)
@Dependent
public class TaskListener implements StepListener {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    RunGates gates;
    @Inject
    RunStore store;

    private boolean heldSlot;

    @Override
    public void beforeStep() throws Exception {
        long runId = jobContext.getInstanceId();
        RunGate gate = gates.get(runId);
        String task = stepContext.getStepName();
        if (gate.running() >= gate.maxParallel()) {
            store.taskWaiting(runId, task, "run cap");
        }
        heldSlot = gate.acquireSlot(task, this::stopRequested);
        if (!heldSlot) {
            // the run is stopping: do not start the work (a listener cannot veto a step, but failing it here
            // leaves the step restartable and runs none of the task's code)
            throw new RunStoppingException(task);
        }
        store.taskStarted(runId, task, jobContext.getExecutionId(), Instant.now());
    }

    @Override
    public void afterStep() {
        long runId = jobContext.getInstanceId();
        RunGate gate = gates.get(runId);
        String task = stepContext.getStepName();
        Exception error = stepContext.getException();
        BatchStatus bs = stepContext.getBatchStatus();
        TaskStatus outcome;
        if (error instanceof RunStoppingException) {
            outcome = TaskStatus.STOPPED;
        } else if (error != null || bs == BatchStatus.FAILED) {
            outcome = TaskStatus.FAILED;
        } else if (bs == BatchStatus.STOPPING || bs == BatchStatus.STOPPED || stopRequested()) {
            outcome = TaskStatus.STOPPED;
        } else {
            outcome = TaskStatus.COMPLETED;
        }
        Instant now = Instant.now();
        List<String> skipped = gate.ended(task, outcome, heldSlot);
        heldSlot = false;
        store.taskEnded(runId, task, outcome, now, Failures.describe(error));
        store.tasksEnded(runId, skipped, TaskStatus.SKIPPED, now);
    }

    /** Thrown before a task's work starts when its run is being stopped. */
    static final class RunStoppingException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RunStoppingException(String task) {
            super("task " + task + " not started: the run is stopping");
        }
    }

    private boolean stopRequested() {
        return jobContext.getBatchStatus() == BatchStatus.STOPPING;
    }
}
