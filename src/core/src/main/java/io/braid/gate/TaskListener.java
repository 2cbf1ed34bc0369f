package io.braid.gate;

import io.braid.catalog.UnverifiedJobException;
import io.braid.job.Artifacts;
import io.braid.job.StepSpec;
import io.braid.log.Messages;
import io.braid.model.Durations;
import io.braid.runs.Failures;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunExplorer;
import io.braid.runs.TaskStatus;
import io.braid.secrets.Secrets;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps every task step: before it, waits for the {@link Scheduler} to grant the task its start (run cap,
 * server cap, group, rate, locks; best-ranked first) and records RUNNING, or WAITING with the reason meanwhile;
 * after it, records the outcome, releases what the task held and, on failure, skips the task's dependents. The
 * runtime creates one listener per step execution, so the slot flag is per task attempt.
 */
@Named(Artifacts.TASK_LISTENER)
@Dependent
public class TaskListener implements StepListener {
    /**
     * Task lines for the job log: logged on the step's thread, so Liberty writes them to the batch job log that
     * Admin Center and {@code /ibm/api/batch/jobinstances/{id}/joblogs} show (JBeret: the JVM's log).
     */
    private static final Logger LOG = Logger.getLogger("io.braid.task");
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    ServerGate gates;
    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    @Inject
    Secrets secrets;

    private boolean heldSlot;
    private ScheduledFuture<?> watchdog;
    private Instant started;

    /** A fan-out task takes its slot once, on the step's own thread; its partitions pass through. */
    private boolean inPartition() {
        return StepSpec.partition(stepContext.getProperties()) >= 0;
    }

    @Override
    public void beforeStep() throws Exception {
        if (inPartition()) {
            return;
        }
        long runId = jobContext.getInstanceId();
        gates.verifiedStep(jobContext, stepContext);
        RunGate gate = gates.get(runId);
        String task = stepContext.getStepName();
        if (!gate.needsCompletedOrEnded(task)) {
            throw gates.refused(jobContext, new UnverifiedJobException("task '" + task
                    + "' was reached before its needs ended: the job's structure is not the deployed workflow's"));
        }
        Optional<Instant> start = gates.scheduler().acquire(gate, task, this::stopRequested,
                reason -> recorder.taskWaiting(runId, task, reason));
        if (start.isEmpty()) {
            // the run is stopping: do not start the work (a listener cannot veto a step, but failing it here
            // leaves the step restartable and runs none of the task's code)
            throw new RunStoppingException(task);
        }
        heldSlot = true;
        started = start.get();
        Messages.TASK_STARTED.log(LOG, () -> new Object[]{runId, task});
        gates.metrics().taskStarted(gate.workflow(), task, Duration.between(gate.readySince(task), started));
        recorder.taskStarted(runId, task, jobContext.getExecutionId(), started);
        if (StepSpec.isFanOut(stepContext.getProperties())) {
            // its partitions may run on another server, which checks this record says RUNNING before it runs one
            recorder.flush();
        }
        StepSpec.timeout(stepContext.getProperties()).ifPresent(t -> watchdog = gates.watch(gate, task, t.toMillis()));
    }

    @Override
    public void afterStep() {
        if (inPartition()) {
            return;
        }
        long runId = jobContext.getInstanceId();
        RunGate gate = gates.find(runId).orElse(null);
        if (gate == null) {
            return; // refused before it began: recorded then
        }
        String task = stepContext.getStepName();
        Exception error = stepContext.getException();
        BatchStatus bs = stepContext.getBatchStatus();
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        Optional<RunGate.Interruption> interruption = gate.interruption(task);
        if (interruption.isPresent() && interruption.get() == RunGate.Interruption.LEASE_LOST) {
            error = new IllegalStateException("tasks[" + task + "]: its lease on its group slot or locks ran out while it "
                    + "ran (renewed too late), so it was stopped: no two holders may act at once");
        } else if (interruption.isPresent() && interruption.get() == RunGate.Interruption.TIMED_OUT) {
            error = new TimeoutException("tasks[" + task + "]: timed out after "
                    + Durations.format(StepSpec.timeout(stepContext.getProperties()).orElse(Duration.ZERO)));
        }
        boolean runStopping = stepContext.getException() instanceof RunStoppingException;
        TaskStatus outcome = Outcomes.task(new Outcomes.StepEnd(interruption, gate.cancelRequested(task), runStopping,
                gate.status(task) == TaskStatus.SKIPPED, gate.isStopAskedElsewhere(), error != null, bs, stopRequested()));
        Instant now = Instant.now();
        List<String> skipped = gate.ended(task, outcome);
        if (heldSlot) {
            gates.scheduler().release(runId, task);
        } else {
            gates.scheduler().poke();
        }
        heldSlot = false;
        String description = outcome == TaskStatus.CANCELLED ? "cancelled by an operator" : masked(Failures.describe(error));
        if (outcome == TaskStatus.FAILED && StepSpec.isFanOut(stepContext.getProperties())) {
            // a partitioned step fails with its first failed partition, as Braid recorded it: the same on every runtime
            // (Liberty does not pass a partition's exception on to the step, JBeret does)
            description = explorer.failedPartition(runId, task, jobContext.getExecutionId()).orElse(description);
        }
        logOutcome(runId, task, outcome, description, skipped, now);
        if (outcome == TaskStatus.SKIPPED) {
            recorder.tasksEnded(runId, List.of(task), TaskStatus.SKIPPED, now);
        } else {
            recorder.taskEnded(runId, task, outcome, now, description);
        }
        recorder.tasksEnded(runId, skipped, TaskStatus.SKIPPED, now);
        gates.metrics().taskEnded(gate.workflow(), task, outcome, started == null ? null : Duration.between(started, now));
        skipped.forEach(t -> gates.metrics().taskEnded(gate.workflow(), t, TaskStatus.SKIPPED, null));
        if (outcome == TaskStatus.FAILED && task.equals(gate.failedFirst())) {
            // fail-fast: stop what is still running; the run is recorded FAILED with this task as root cause
            BatchRuntime.getJobOperator().stop(jobContext.getExecutionId());
        } else if (outcome == TaskStatus.STOPPED && gate.isStopAskedElsewhere()) {
            try { // on this job thread, as the run's submitter (see RunGate.stopAskedElsewhere)
                BatchRuntime.getJobOperator().stop(jobContext.getExecutionId());
            } catch (RuntimeException alreadyEnding) {
                LOG.log(Level.FINE, "stop of run " + runId, alreadyEnding);
            }
        }
    }

    private void logOutcome(long runId, String task, TaskStatus outcome, String error, List<String> skipped, Instant now) {
        String took = started == null ? "" : " after " + Durations.format(Duration.between(started, now));
        if (outcome == TaskStatus.FAILED) {
            Messages.TASK_FAILED.log(LOG, runId, task, took, error == null ? "" : ": " + error,
                    skipped.isEmpty() ? "" : "; skipping its dependents " + skipped);
        } else {
            Messages.TASK_ENDED.log(LOG, () -> new Object[]{runId, task, outcome, took});
        }
    }

    private String masked(String text) {
        return secrets.mask(jobContext.getProperties(), text);
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
