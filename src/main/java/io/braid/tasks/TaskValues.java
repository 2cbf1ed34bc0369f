package io.braid.tasks;

import io.braid.runs.RunStore;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a built-in task reads and publishes while it runs: its settings with {@code ${params.x}} and
 * {@code ${tasks.a.outputs.k}} resolved, and its own outputs, stored durably with the run.
 */
@Dependent
public class TaskValues {

    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    RunStore store;
    @Inject
    io.braid.gate.ServerGate gates;
    @Inject
    io.braid.tasks.retry.RetryGuard retryGuard;
    @Inject
    io.braid.secrets.Secrets secrets;

    private final Map<String, Map<String, String>> outputsRead = new LinkedHashMap<>();

    public String task() {
        return stepContext.getStepName();
    }

    /** The fan-out partition this runs in (0-based), or -1 on a task's own thread. */
    public int partition() {
        String index = stepContext.getProperties().getProperty(io.braid.compile.JobProperties.PARTITION_INDEX);
        // a number only in a partition; on the step's own thread it stays empty or unresolved
        return index == null || !index.trim().matches("\\d+") ? -1 : Integer.parseInt(index.trim());
    }

    /** This partition's item as JSON, or null outside a partition. */
    private JsonValue item() {
        String json = stepContext.getProperties().getProperty(io.braid.compile.JobProperties.PARTITION_ITEM);
        return json == null || json.isBlank() ? null : Json.createReader(new StringReader(json)).readValue();
    }

    /**
     * Runs the task's work under its {@code retry:} policy (MicroProfile Fault Tolerance, see
     * {@link io.braid.tasks.retry.RetryGuard}); each retried attempt is counted in the run record. Without a
     * policy the work runs once.
     */
    public <T> T guarded(java.util.concurrent.Callable<T> work) throws Exception {
        io.braid.model.Retry policy = io.braid.compile.JobProperties.decodeRetry(
                stepContext.getProperties().getProperty(io.braid.compile.JobProperties.RETRY));
        if (policy.maxRetries() == 0) {
            return work.call();
        }
        long run = jobContext.getInstanceId();
        return new io.braid.tasks.retry.TaskAttempts(policy, (n, e) -> {
            if (cancelled()) { // cancelled or timed out meanwhile: do not try again
                throw new IllegalStateException("tasks[" + task() + "]: stopped", e);
            }
            String error = masked(io.braid.gate.Failures.describe(e));
            java.util.logging.Logger.getLogger("io.braid.task").warning("Braid run " + run + " task " + task()
                    + (partition() < 0 ? "" : " partition " + partition()) + ": try " + n + " failed, trying again: " + error);
            store.taskRetried(run, task(), partition(), error);
            gates.metrics().taskRetried(gates.find(run).map(io.braid.gate.RunGate::workflow).orElse(""), task());
        }).run(retryGuard, work);
    }

    /**
     * Runs a batchlet's work; in a fan-out partition also records the partition's try (start, end, outcome) for
     * the Gantt chart. Done here rather than in a step listener because Liberty runs step listeners only on the
     * step's own thread, JBeret on partition threads too.
     */
    public String tracked(java.util.concurrent.Callable<String> work) throws Exception {
        int part = partition();
        if (part < 0) {
            return work.call();
        }
        long run = jobContext.getInstanceId();
        store.partitionStarted(run, task(), part, stepContext.getProperties().getProperty(io.braid.compile.JobProperties.PARTITION_ITEM),
                jobContext.getExecutionId(), java.time.Instant.now());
        try {
            String exit = work.call();
            store.partitionEnded(run, task(), part, "STOPPED".equals(exit) ? io.braid.gate.TaskStatus.STOPPED
                    : io.braid.gate.TaskStatus.COMPLETED, java.time.Instant.now(), null);
            return exit;
        } catch (Exception | Error e) {
            store.partitionEnded(run, task(), part, io.braid.gate.TaskStatus.FAILED, java.time.Instant.now(),
                    masked(io.braid.gate.Failures.describe(e)));
            throw e;
        }
    }

    /** Registers how to stop this task's work if an operator cancels it while it runs. */
    public void onCancel(Runnable stop) {
        gates.find(jobContext.getInstanceId()).ifPresent(g -> g.onCancel(task(), stop)); // partitions too
    }

    /** Whether an operator cancelled this task. */
    public boolean cancelled() {
        return gates.find(jobContext.getInstanceId()).map(g -> g.cancelRequested(task())).orElse(false);
    }

    /** Resolves the expressions in one setting ({@code key} names it in messages). */
    public String resolve(String key, String value) {
        if (value == null) {
            return null;
        }
        return Expressions.resolve(value, "tasks[" + task() + "].with." + key,
                name -> Optional.ofNullable(jobContext.getProperties().getProperty(io.braid.compile.JobProperties.PARAM_PREFIX + name))
                        .map(raw -> secrets.reveal(name, raw)),
                (task, output) -> Optional.ofNullable(outputsOf(task).get(output)).map(TaskValues::asText),
                this::itemValue);
    }

    /** {@code index}, {@code item} or {@code item.a.b} of this partition. */
    private Optional<String> itemValue(String expr) {
        if (partition() < 0) {
            return Optional.empty();
        }
        if (expr.equals("index")) {
            return Optional.of(Integer.toString(partition()));
        }
        JsonValue v = item();
        for (String field : expr.substring("item".length()).split("\\.")) {
            if (field.isEmpty()) {
                continue;
            }
            if (!(v instanceof jakarta.json.JsonObject o) || !o.containsKey(field)) {
                return Optional.empty();
            }
            v = o.get(field);
        }
        return Optional.of(asText(v.toString()));
    }

    private Map<String, String> outputsOf(String task) {
        return outputsRead.computeIfAbsent(task, t -> store.outputs(jobContext.getInstanceId(), t));
    }

    /** A JSON value as a setting sees it: strings without quotes, everything else as JSON text. */
    static String asText(String json) {
        JsonValue v = Json.createReader(new StringReader(json)).readValue();
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    /** A list setting (JSON array of strings, see {@link Expressions#encodeList}), each item resolved. */
    public java.util.List<String> resolveList(String key, String json) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        java.util.List<JsonString> items = Json.createReader(new StringReader(json)).readArray().getValuesAs(JsonString.class);
        for (int i = 0; i < items.size(); i++) {
            out.add(resolve(key + "[" + i + "]", items.get(i).getString()));
        }
        return out;
    }

    /** A mapping setting (JSON object of strings, see {@link Expressions#encodeMap}), each value resolved. */
    public Map<String, String> resolveMap(String key, String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        Json.createReader(new StringReader(json)).readObject()
                .forEach((k, v) -> out.put(k, resolve(key + "." + k, ((JsonString) v).getString())));
        return out;
    }

    /**
     * Publishes the task's outputs, replacing those of an earlier attempt. In a fan-out partition they are kept
     * per partition ({@code partition.<index>.<key>}) and gathered into the task's {@code results} at the end.
     */
    public void publish(Map<String, JsonValue> outputs) {
        Map<String, String> json = new LinkedHashMap<>();
        int p = partition();
        outputs.forEach((k, v) -> json.put(p < 0 ? k : PARTITION_OUTPUT + p + "." + k, masked(v.toString())));
        if (p < 0) {
            store.outputsPublished(jobContext.getInstanceId(), task(), json);
        } else {
            store.outputsMerged(jobContext.getInstanceId(), task(), json);
        }
    }

    /** The text with this run's secret parameter values masked, for records and logs. */
    public String masked(String text) {
        return secrets.mask(jobContext.getProperties(), text);
    }

    /** Prefix of a partition's own outputs. */
    public static final String PARTITION_OUTPUT = "partition.";

    /** Adds or replaces some outputs of the task, keeping the rest. */
    public void merge(Map<String, JsonValue> outputs) {
        Map<String, String> json = new LinkedHashMap<>();
        outputs.forEach((k, v) -> json.put(k, masked(v.toString())));
        store.outputsMerged(jobContext.getInstanceId(), task(), json);
    }

    /**
     * Records how far the task has come (a JSON object), which is also a heartbeat. Written on the gate's thread:
     * callers may be inside a container transaction (chunk listeners on Liberty), where Braid's resource-local
     * records cannot commit, and should not wait for the write.
     */
    public void progress(String json) {
        long run = jobContext.getInstanceId();
        String task = task();
        java.time.Instant now = java.time.Instant.now();
        gates.later(() -> store.taskProgress(run, task, json, now));
    }

    /** This task's outputs so far (name → JSON text). */
    public Map<String, String> ownOutputs() {
        return store.outputs(jobContext.getInstanceId(), task());
    }
}
