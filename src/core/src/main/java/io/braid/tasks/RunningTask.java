package io.braid.tasks;

import io.braid.catalog.UnverifiedJobException;
import io.braid.gate.RunGate;
import io.braid.gate.ServerGate;
import io.braid.job.Artifacts;
import io.braid.job.JobSpec;
import io.braid.job.StepSpec;
import io.braid.log.Messages;
import io.braid.model.Retry;
import io.braid.model.Template;
import io.braid.runs.Failures;
import io.braid.runs.RunRecorder;
import io.braid.runs.TaskOutputs;
import io.braid.runs.TaskStatus;
import io.braid.secrets.Secrets;
import io.braid.tasks.retry.RetryGuard;
import io.braid.tasks.retry.TaskAttempts;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

import static io.braid.json.JsonP.JSON;

/**
 * The task a step (or a fan-out partition of it) runs, as Braid's batch artifacts see it: its run, settings with
 * {@code ${…}} resolved for the run, outputs, cancel hooks, retry and records. One per artifact instance.
 */
@Dependent
public class RunningTask {
    private static final Logger LOG = Logger.getLogger("io.braid.task");
    /** Prefix of a partition's own outputs. */
    public static final String PARTITION_OUTPUT = "partition.";

    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    RunRecorder recorder;
    @Inject
    TaskOutputs taskOutputs;
    @Inject
    ServerGate gates;
    @Inject
    RetryGuard retryGuard;
    @Inject
    Secrets secrets;

    private final Map<String, Map<String, String>> outputsRead = new HashMap<>();
    private JsonArray items;

    /** Refuses (and records why) unless this step is a task of a run Braid verified. */
    public void verifyStep() {
        if (partition() >= 0) {
            gates.verifiedPartition(jobContext, stepContext);
        } else {
            gates.verifiedStep(jobContext, stepContext);
        }
    }

    /**
     * Refuses unless this step is a task of a verified run whose gate granted it its start (the step declares Braid's
     * task listener); in a partition, unless it is the first start of an index of the stored fan-out plan, with the
     * parameters its job execution began with (on whichever server runs it).
     */
    public void verifyGranted() {
        if (partition() >= 0) {
            gates.verifiedPartition(jobContext, stepContext);
            item();
            return;
        }
        RunGate gate = gates.verified(jobContext);
        gates.verifiedStep(jobContext, stepContext);
        if (gate.status(task()) != TaskStatus.RUNNING) {
            throw gates.refused(jobContext, new UnverifiedJobException("task '" + task() + "' was not granted its start by "
                    + "Braid's gate (its step must declare the listener " + Artifacts.TASK_LISTENER + ")"));
        }
    }

    public long runId() {
        return jobContext.getInstanceId();
    }

    /**
     * See {@link io.braid.spi.TaskContext#idempotencyKey()}: a name-based UUID of the run's job instance (its id and
     * when its first execution was created, which tells two databases' runs of the same id apart), task and partition.
     */
    public String idempotencyKey() {
        JobOperator operator = BatchRuntime.getJobOperator();
        JobInstance instance = operator.getJobInstance(executionId());
        Instant created = operator.getJobExecutions(instance).stream().min(Comparator.comparingLong(JobExecution::getExecutionId))
                .map(e -> e.getCreateTime().toInstant()).orElse(Instant.EPOCH);
        String name = "braid:" + workflow() + ":" + runId() + ":" + created.toEpochMilli() + ":" + task() + ":" + partition();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public long executionId() {
        return jobContext.getExecutionId();
    }

    public String task() {
        return stepContext.getStepName();
    }

    public String workflow() {
        return JobSpec.workflowOf(jobContext.getProperties()).orElse(jobContext.getJobName());
    }

    /** The task's type as the compiled step names it. */
    public String type() {
        return StepSpec.type(stepContext.getProperties()).orElseThrow(() -> new IllegalStateException(
                "step " + task() + " has no property " + StepSpec.TYPE + ": it was not compiled by Braid"));
    }

    /** The fan-out partition this runs in (0-based), or -1 on a task's own thread. */
    public int partition() {
        return StepSpec.partition(stepContext.getProperties());
    }

    public Properties stepProperties() {
        return stepContext.getProperties();
    }

    /** Whether the run is being stopped (operator stop, fail-fast, shutdown). */
    public boolean stopRequested() {
        return jobContext.getBatchStatus() == BatchStatus.STOPPING
                || gates.find(runId()).map(RunGate::isStopping).orElse(false);
    }

    /**
     * Resolves the {@code ${…}} in a text for this run: parameters (secret ones opened), outputs of earlier tasks,
     * the partition's item.
     *
     * @param field where the text comes from, for messages ({@code tasks[b].with.args[2]})
     */
    public String resolve(String field, String text) {
        if (text == null) {
            return null;
        }
        Template t = Template.parse(text);
        StringBuilder b = new StringBuilder();
        for (Template.Part p : t.parts()) {
            if (p instanceof Template.Literal l) {
                b.append(l.text());
            } else {
                b.append(value(p).orElseThrow(() -> new IllegalArgumentException(field + ": " + Template.written(p) + ": "
                        + missing(p))));
            }
        }
        return b.toString();
    }

    private Optional<String> value(Template.Part p) {
        if (p instanceof Template.Param q) {
            return JobSpec.paramValue(jobContext.getProperties(), q.name()).map(raw -> secrets.reveal(runId(), q.name(), raw));
        }
        if (p instanceof Template.Output o) {
            return Optional.ofNullable(outputsOf(o.task()).get(o.key())).map(RunningTask::asText);
        }
        if (p instanceof Template.Item i) {
            return item(i);
        }
        return Optional.empty();
    }

    private static String missing(Template.Part p) {
        if (p instanceof Template.Param q) {
            return "the run has no parameter '" + q.name() + "'";
        }
        if (p instanceof Template.Output o) {
            return "task '" + o.task() + "' has no output '" + o.key() + "'";
        }
        if (p instanceof Template.Item i) {
            return i.index() || i.path().isEmpty() ? "only defined in a fan-out partition" : "the item has no such field";
        }
        return "unknown expression";
    }

    /** {@code index}, {@code item} or {@code item.a.b} of this partition; the item is read from the plan stored with the run. */
    private Optional<String> item(Template.Item ref) {
        int part = partition();
        if (part < 0) {
            return Optional.empty();
        }
        if (ref.index()) {
            return Optional.of(Integer.toString(part));
        }
        JsonValue v = item();
        for (String field : ref.path()) {
            if (!(v instanceof JsonObject o) || !o.containsKey(field)) {
                return Optional.empty();
            }
            v = o.get(field);
        }
        return Optional.of(asText(v.toString()));
    }

    /** This partition's item, from the items its task's fan-out stored when it planned the partitions. */
    public JsonValue item() {
        if (items == null) {
            // read once per task and execution on this server (the run's gate keeps it), else from the records
            items = gates.plan(runId(), task(), executionId(), this::storedPlan);
        }
        int part = partition();
        if (part < 0 || part >= items.size()) {
            throw new IllegalStateException("tasks[" + task() + "]: partition " + part + " is not in the fan-out plan ("
                    + items.size() + " items)");
        }
        return items.get(part);
    }

    private Map<String, String> outputsOf(String task) {
        return outputsRead.computeIfAbsent(task, t -> taskOutputs.outputs(runId(), t));
    }

    /** A JSON value as a setting sees it: strings without quotes, everything else as JSON text. */
    static String asText(String json) {
        JsonValue v = JSON.createReader(new StringReader(json)).readValue();
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    /**
     * Runs the task's work under its {@code retry:} policy (MicroProfile Fault Tolerance, see {@link RetryGuard});
     * each retried attempt is counted in the run record. Without a policy the work runs once.
     */
    public <T> T guarded(Callable<T> work) throws Exception {
        Retry policy = StepSpec.retry(stepContext.getProperties());
        if (policy.maxRetries() == 0) {
            return work.call();
        }
        long run = runId();
        return new TaskAttempts(policy, (n, e) -> {
            if (cancelled() || stopRequested()) { // cancelled, timed out or stopping meanwhile: do not try again
                throw new IllegalStateException("tasks[" + task() + "]: stopped", e);
            }
            String error = masked(Failures.describe(e));
            Messages.TASK_RETRYING.log(LOG, run, task(), partition() < 0 ? "" : " partition " + partition(), n, error);
            recorder.taskRetried(run, task(), partition(), error);
            gates.metrics().taskRetried(workflow(), task());
        }).run(retryGuard, work);
    }

    /**
     * Runs a step's work; in a fan-out partition also records the partition's try (start, end, outcome) for the
     * Gantt chart. Done here rather than in a step listener because Liberty runs step listeners only on the step's
     * own thread, JBeret on partition threads too.
     */
    public String tracked(Callable<String> work) throws Exception {
        int part = partition();
        if (part < 0) {
            return work.call();
        }
        long run = runId();
        recorder.partitionStarted(run, task(), part, item().toString(), executionId(), Instant.now());
        try {
            String exit = work.call();
            recorder.partitionEnded(run, task(), part, "STOPPED".equals(exit) ? TaskStatus.STOPPED : TaskStatus.COMPLETED,
                    Instant.now(), null);
            return exit;
        } catch (Exception | Error e) {
            recorder.partitionEnded(run, task(), part, TaskStatus.FAILED, Instant.now(), masked(Failures.describe(e)));
            throw e;
        } finally {
            if (gates.find(run).isEmpty()) {
                // a partition on a server that does not run its job: the job's server reads its try and outputs once
                // it ended, so they are in the database before it ends
                recorder.flush();
            }
        }
    }

    /** Registers how to stop this task's work if it is cancelled or times out while it runs. */
    public void onCancel(Runnable stop) {
        gates.find(runId()).ifPresent(g -> g.onCancel(task(), stop)); // partitions too
    }

    /** Whether this task was cancelled or ran out of time. */
    public boolean cancelled() {
        return gates.find(runId()).map(g -> g.cancelRequested(task())).orElse(false);
    }

    /**
     * Publishes the task's outputs, replacing those of an earlier attempt. In a fan-out partition they are kept per
     * partition ({@code partition.<index>.<key>}) and gathered into the task's {@code results} at the end.
     */
    public void publish(Map<String, JsonValue> outputs) {
        Map<String, String> json = new LinkedHashMap<>();
        int p = partition();
        outputs.forEach((k, v) -> json.put(p < 0 ? k : PARTITION_OUTPUT + p + "." + k, masked(v.toString())));
        if (p < 0) {
            taskOutputs.outputsPublished(runId(), task(), json);
        } else {
            taskOutputs.outputsMerged(runId(), task(), json);
        }
    }

    /** Adds or replaces some outputs of the task, keeping the rest. */
    public void merge(Map<String, JsonValue> outputs) {
        Map<String, String> json = new LinkedHashMap<>();
        outputs.forEach((k, v) -> json.put(k, masked(v.toString())));
        taskOutputs.outputsMerged(runId(), task(), json);
    }

    private JsonArray storedPlan() {
        String json = ownOutput("items").orElse(null);
        if (json == null) {
            throw new IllegalStateException("tasks[" + task() + "]: no fan-out plan stored for this run");
        }
        return JSON.createReader(new StringReader(json)).readArray();
    }

    /** This task's outputs so far (name → JSON text). */
    public Map<String, String> ownOutputs() {
        return taskOutputs.outputs(runId(), task());
    }

    /** One output of this task so far (JSON text). */
    public Optional<String> ownOutput(String name) {
        return taskOutputs.output(runId(), task(), name);
    }

    /**
     * Records how far the task has come (a JSON object), which is also a heartbeat. Written on the gate's thread:
     * callers may be inside a container transaction (chunk listeners on Liberty), where Braid's resource-local
     * records cannot commit, and should not wait for the write.
     */
    public void progress(String json) {
        long run = runId();
        String task = task();
        Instant now = Instant.now();
        gates.later(() -> recorder.taskProgress(run, task, json, now));
    }

    /** The text with this run's secret parameter values masked, for records and logs. */
    public String masked(String text) {
        return secrets.mask(jobContext.getProperties(), text);
    }
}
