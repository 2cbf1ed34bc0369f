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

    private final Map<String, Map<String, String>> outputsRead = new LinkedHashMap<>();

    public String task() {
        return stepContext.getStepName();
    }

    /** Resolves the expressions in one setting ({@code key} names it in messages). */
    public String resolve(String key, String value) {
        if (value == null) {
            return null;
        }
        return Expressions.resolve(value, "tasks[" + task() + "].with." + key,
                name -> Optional.ofNullable(jobContext.getProperties().getProperty(io.braid.compile.JobProperties.PARAM_PREFIX + name)),
                (task, output) -> Optional.ofNullable(outputsOf(task).get(output)).map(TaskValues::asText));
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

    /** Publishes the task's outputs, replacing those of an earlier attempt. */
    public void publish(Map<String, JsonValue> outputs) {
        Map<String, String> json = new LinkedHashMap<>();
        outputs.forEach((k, v) -> json.put(k, v.toString()));
        store.outputsPublished(jobContext.getInstanceId(), task(), json);
    }
}
