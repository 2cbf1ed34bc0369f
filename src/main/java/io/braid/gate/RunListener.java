package io.braid.gate;

import io.braid.compile.JobProperties;
import io.braid.runs.RunStore;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Opens the run's gate and record when a job execution begins (first start or restart) and settles the
 * record when it ends. Declared by every compiled job, so it runs however the job was started.
 */
@Named(JobProperties.RUN_LISTENER)
@Dependent
public class RunListener implements JobListener {
    @Inject
    JobContext jobContext;
    @Inject
    RunGates gates;
    @Inject
    RunStore store;

    @Override
    public void beforeJob() {
        Properties p = jobContext.getProperties();
        String workflow = p.getProperty(JobProperties.WORKFLOW, jobContext.getJobName());
        int maxParallel = Integer.parseInt(p.getProperty(JobProperties.MAX_PARALLEL, "10"));
        Map<String, List<String>> dag = JobProperties.decodeDag(p.getProperty(JobProperties.DAG));
        long runId = jobContext.getInstanceId();
        Map<String, TaskStatus> before = store.executionStarted(runId, jobContext.getExecutionId(), workflow,
                new ArrayList<>(dag.keySet()), null, Instant.now());
        gates.open(new RunGate(runId, workflow, dag, maxParallel, before));
    }

    @Override
    public void afterJob() {
        long runId = jobContext.getInstanceId();
        RunGate gate = gates.find(runId).orElse(null);
        if (gate == null) {
            return; // beforeJob failed; the runtime reports that
        }
        try {
            boolean stopped = gate.isStopping() || jobContext.getBatchStatus() == BatchStatus.STOPPING
                    || jobContext.getBatchStatus() == BatchStatus.STOPPED;
            Map<String, TaskStatus> tasks = gate.snapshot();
            boolean failed = tasks.containsValue(TaskStatus.FAILED);
            List<String> unfinished = new ArrayList<>();
            tasks.forEach((task, s) -> {
                if (!s.isEnd()) {
                    unfinished.add(task);
                }
            });
            TaskStatus rest = stopped ? TaskStatus.STOPPED : TaskStatus.SKIPPED;
            store.tasksEnded(runId, unfinished, rest, Instant.now());
            String status;
            if (stopped) {
                status = "STOPPED";
            } else if (failed || !unfinished.isEmpty() || tasks.containsValue(TaskStatus.SKIPPED)
                    || jobContext.getBatchStatus() == BatchStatus.FAILED) {
                status = "FAILED";
            } else {
                status = "COMPLETED";
            }
            store.executionEnded(runId, status, Instant.now());
            jobContext.setExitStatus(status);
        } finally {
            gates.close(runId);
        }
    }
}
