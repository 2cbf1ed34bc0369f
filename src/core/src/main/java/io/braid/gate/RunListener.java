package io.braid.gate;

import io.braid.catalog.JobStructure;
import io.braid.catalog.JobVerifier;
import io.braid.catalog.UnverifiedJobException;
import io.braid.compile.CompiledWorkflow;
import io.braid.job.Artifacts;
import io.braid.job.JobSpec;
import io.braid.log.Messages;
import io.braid.runs.JobRepository;
import io.braid.runs.PartitionClaims;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunStatus;
import io.braid.runs.TaskStatus;
import io.braid.secrets.Secrets;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Opens the run's gate and record when a job execution begins (first start or restart) and settles the
 * record when it ends. Declared by every compiled job, so it runs however the job was started.
 */
@Named(Artifacts.RUN_LISTENER)
@Dependent
public class RunListener implements JobListener {
    private static final Logger LOG = Logger.getLogger(RunListener.class.getName());
    @Inject
    JobContext jobContext;
    @Inject
    ServerGate gates;
    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    @Inject
    JobVerifier verifier;
    @Inject
    JobRepository repository;
    @Inject
    Secrets secrets;
    @Inject
    PartitionClaims claims;
    /** Whether this execution's workflow has fan-out tasks (a job listener lives for one job execution). */
    private boolean fansOut;

    @Override
    public void beforeJob() throws InterruptedException {
        Properties p = jobContext.getProperties();
        CompiledWorkflow deployed;
        try {
            deployed = verifier.job(jobContext.getJobName(), p);
        } catch (UnverifiedJobException e) {
            throw gates.refused(jobContext, e);
        }
        JobSpec job = deployed.job(); // verified: the job's properties are the deployed workflow's
        String workflow = job.workflow();
        Map<String, List<String>> dag = job.needs();
        long runId = jobContext.getInstanceId();
        JobOperator operator = BatchRuntime.getJobOperator();
        // the batch runtime decides which steps a restart skips (those that COMPLETED); gate and records follow it
        Set<String> completed = completedSteps(operator, dag.keySet());
        recorder.executionStarted(runId, jobContext.getExecutionId(), workflow, dag, completed, gates.owner().id(), Instant.now());
        try {
            checkRequiredParameters(job.requiredParams(), operator.getParameters(jobContext.getExecutionId()));
        } catch (IllegalArgumentException e) {
            recorder.executionEnded(runId, RunStatus.FAILED, Instant.now());
            throw e;
        }
        // QUEUED until the server's limit of runs in flight lets it in; a stop meanwhile ends it before any task
        boolean admitted = gates.admission().enter(runId, () -> jobContext.getBatchStatus() == BatchStatus.STOPPING);
        try {
            if (admitted) {
                // the properties are the deployed workflow's; so must be every step, artifact, listener, partition and
                // transition the runtime will run (on Liberty the job XML may be anyone's inline text). Checked once
                // admitted, before the gate opens: it reads the job repository, and 500 jobs starting at once must
                // not all ask the connection pool for it while their own transactions hold connections (BurstIT).
                try {
                    structure(deployed);
                } catch (UnverifiedJobException e) {
                    throw gates.refused(jobContext, e);
                }
                fansOut = deployed.workflow().tasks().stream().anyMatch(t -> t.fanOut().isPresent());
                if (fansOut) { // what its partitions must carry, wherever the cluster's queue delivers them
                    claims.began(runId, jobContext.getExecutionId(), JobVerifier.parameterDigest(p));
                }
            }
            Map<String, TaskStatus> before = new HashMap<>();
            completed.forEach(t -> before.put(t, TaskStatus.COMPLETED));
            Map<String, RunGate.Rank> ranks = CriticalPath.ranks(dag, job.ranks(),
                    explorer.medianDurations(workflow, gates.settings().history()));
            RunGate gate = new RunGate(runId, workflow, dag, job.maxParallel(), before, ranks, job.claims(), job.failFast(),
                    gates.scheduler().ticker());
            gates.open(gate, job.groups(), deployed);
            if (admitted) {
                recorder.runAdmitted(runId, Instant.now());
            } else {
                gate.stop();
            }
        } catch (RuntimeException e) {
            gates.admission().leave(runId);
            throw e;
        }
    }

    private void structure(CompiledWorkflow deployed) {
        Optional<String> running;
        try {
            running = repository.jobXml(jobContext.getInstanceId());
        } catch (IllegalStateException e) {
            throw new UnverifiedJobException(e.getMessage());
        }
        running.ifPresent(xml -> JobStructure.check(jobContext.getJobName(), deployed.jobXml(), xml));
    }

    /**
     * Tasks whose step COMPLETED in an earlier execution of this job instance: exactly the steps the batch
     * runtime will not run again on this restart. Empty on a first start.
     */
    private Set<String> completedSteps(JobOperator operator, Set<String> tasks) {
        Set<String> completed = new HashSet<>();
        JobInstance instance = operator.getJobInstance(jobContext.getExecutionId());
        List<JobExecution> executions = new ArrayList<>(operator.getJobExecutions(instance));
        executions.sort(Comparator.comparingLong(JobExecution::getExecutionId));
        for (JobExecution e : executions) {
            if (e.getExecutionId() == jobContext.getExecutionId()) {
                continue;
            }
            for (StepExecution step : operator.getStepExecutions(e.getExecutionId())) {
                if (tasks.contains(step.getStepName())) {
                    if (step.getBatchStatus() == BatchStatus.COMPLETED) {
                        completed.add(step.getStepName());
                    } else {
                        completed.remove(step.getStepName());
                    }
                }
            }
        }
        return completed;
    }

    /** A job started by name (e.g. through /ibm/api/batch) must still get the workflow's required parameters. */
    private static void checkRequiredParameters(List<String> required, Properties given) {
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (given == null || given.getProperty(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing required job parameter(s) " + missing
                    + ": pass them as job parameters when starting the workflow");
        }
    }

    @Override
    public void afterJob() {
        long runId = jobContext.getInstanceId();
        gates.admission().leave(runId);
        secrets.release(runId); // every task has ended: the run's secret values are needed no more (a restart gives them)
        if (fansOut) {
            try {
                claims.ended(jobContext.getExecutionId());
            } catch (RuntimeException e) { // left rows refuse nothing genuine: the next execution has another id
                Messages.RECORD_WRITE_FAILED.log(LOG, e.getMessage());
            }
        }
        RunGate gate = gates.find(runId).orElse(null);
        if (gate == null) {
            return; // beforeJob failed; the runtime reports that
        }
        try {
            Map<String, TaskStatus> tasks = gate.snapshot();
            Outcomes.RunEnd end = Outcomes.run(new Outcomes.JobEnd(gate.refusal() != null, gate.failedFirst() != null,
                    gate.isStopping(), jobContext.getBatchStatus(), tasks.values()));
            List<String> unfinished = new ArrayList<>();
            tasks.forEach((task, s) -> {
                if (!s.isEnd()) {
                    unfinished.add(task);
                }
            });
            recorder.tasksEnded(runId, unfinished, end.unfinished(), Instant.now());
            RunStatus status = end.status();
            String reason = gate.refusal() == null ? null : "refused: " + gate.refusal();
            recorder.executionEnded(runId, status, Instant.now(), reason);
            gates.metrics().runEnded(gate.workflow(), status.name());
            jobContext.setExitStatus(status.name());
        } finally {
            gates.close(runId);
        }
    }
}
