package io.braid.gate;

import io.braid.catalog.UnverifiedJobException;
import io.braid.job.Artifacts;
import io.braid.log.Messages;
import io.braid.model.Durations;
import io.braid.runs.RunRecorder;
import io.braid.runs.TaskStatus;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.Decider;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Braid's gate decision in front of a task whose needs lie in other flows: waits until they have ended,
 * then answers RUN (all completed) or SKIP (one failed or was skipped, or the run is stopping). The compiled
 * job routes SKIP past the task. On restart it runs again and answers from the restored statuses.
 */
@Named(Artifacts.GATE)
@Dependent
public class GateDecider implements Decider {
    private static final Logger LOG = Logger.getLogger(GateDecider.class.getName());
    @Inject
    JobContext jobContext;
    @Inject
    ServerGate gates;
    @Inject
    RunRecorder recorder;
    @Inject
    @BatchProperty
    String task;

    @Override
    public String decide(StepExecution[] executions) throws Exception {
        long runId = jobContext.getInstanceId();
        RunGate gate = gates.verified(jobContext);
        if (gate.status(task) == null) {
            throw gates.refused(jobContext, new UnverifiedJobException("decision for '" + task
                    + "', which is not a task of the deployed workflow"));
        }
        List<String> pending = gate.needsOf(task).stream().filter(n -> !gate.status(n).isEnd()).toList();
        if (!pending.isEmpty()) {
            recorder.taskWaiting(runId, task, "needs " + String.join(", ", pending));
        }
        Duration warnAfter = gates.settings().pendingNeedsWarning();
        Verdict verdict = gate.awaitNeeds(task, () -> jobContext.getBatchStatus() == BatchStatus.STOPPING, warnAfter,
                notStarted -> Messages.GATE_WAITING_LONG.log(LOG, runId, task, Durations.format(warnAfter), notStarted));
        if (verdict == Verdict.RUN) {
            return Artifacts.RUN;
        }
        if (verdict == Verdict.SKIP) {
            TaskStatus s = gate.status(task) == TaskStatus.CANCELLED ? TaskStatus.CANCELLED : TaskStatus.SKIPPED;
            recorder.tasksEnded(runId, List.of(task), s, Instant.now());
        }
        return Artifacts.SKIP;
    }
}
