package io.braid.api;

import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.forecast.Forecaster;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RootCause;
import io.braid.runs.RunView;
import io.braid.runs.TaskTry;
import io.braid.runs.TaskView;
import io.braid.views.JsonViews;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's JSON is written once ({@link JsonViews}) and described twice: {@link ApiSchemas} (the OpenAPI document's
 * types, which clients generate classes from) and {@link ApiExamples}. Each body the views write, and each example,
 * is checked against its schema here, field by field: no field the schema does not name, every required field, and
 * each value of the schema's JSON type. So the three cannot drift apart unseen.
 */
@Tag("unit")
class ApiSchemasTest {

    @Test
    void theExamplesMatchTheirSchemas() {
        Map<String, Class<?>> examples = new LinkedHashMap<>();
        examples.put(ApiExamples.ERROR_400, ApiSchemas.ApiError.class);
        examples.put(ApiExamples.START_BODY, ApiSchemas.StartRequest.class);
        examples.put(ApiExamples.STARTED, ApiSchemas.StartedRun.class);
        examples.put(ApiExamples.RUN, ApiSchemas.Run.class);
        examples.put(ApiExamples.ME, ApiSchemas.Me.class);
        examples.put(ApiExamples.STOPPING, ApiSchemas.StopResult.class);
        examples.put(ApiExamples.CANCELLED, ApiSchemas.CancelResult.class);
        examples.put(ApiExamples.WORKFLOW, ApiSchemas.Workflow.class);
        examples.put(ApiExamples.RESOURCES, ApiSchemas.Resources.class);
        examples.put(ApiExamples.FORECAST, ApiSchemas.Forecast.class);
        examples.forEach((json, schema) -> assertEquals(List.of(), problems(parse(json), schema, schema.getSimpleName()), json));
        JsonArray list = parse(ApiExamples.WORKFLOWS).asJsonArray();
        list.forEach(w -> assertEquals(List.of(), problems(w, ApiSchemas.WorkflowSummary.class, "WorkflowSummary")));
    }

    @Test
    void whatTheViewsWriteMatchesTheSchemas() throws Exception {
        Instant t = Instant.parse("2026-12-08T10:00:00Z");
        TaskTry own = new TaskTry(1, -1, 15, null, t, t.plusSeconds(1), "FAILED", "boom", "server-1");
        TaskTry part = new TaskTry(1, 0, 15, "\"2026-12-01\"", t, null, "RUNNING", null, "server-2");
        TaskView a = new TaskView("a", "FAILED", t, t.plusSeconds(1), 1, "boom", null, Map.of("rows", "12"), t,
                "{\"done\":3,\"of\":4}", List.of(own), List.of(part));
        TaskView b = new TaskView("b", "SKIPPED", null, null, 0, null, null);
        Map<String, List<String>> needs = new LinkedHashMap<>();
        needs.put("a", List.of());
        needs.put("b", List.of("a"));
        RunView run = new RunView(12, "retail", "FAILED", 15, 1, "operator", t, t, t.plusSeconds(2), List.of(a, b),
                needs, "refused: x");
        JsonObject written = JsonViews.run(run, RootCause.of(run, Optional.of(needs), false));
        assertTrue(written.containsKey("rootCause") && written.containsKey("graph"), "the whole shape is exercised");
        assertEquals(List.of(), problems(written, ApiSchemas.Run.class, "Run"));
        CompiledWorkflow ab = new WorkflowCompiler().compile(new WorkflowParser().parse("ab.yaml", """
                name: retail
                tasks:
                  - { id: a, type: wait, with: { duration: 1s } }
                  - { id: b, type: wait, needs: a, with: { duration: 1s } }
                """));
        RunView inFlight = new RunView(13, "retail", "RUNNING", 16, 1, "operator", t, t, null,
                List.of(new TaskView("a", "RUNNING", t, null, 1, null, null), b), needs, null);
        JsonObject live = Json.createObjectBuilder(JsonViews.run(inFlight, Optional.empty()))
                .add("forecast", JsonViews.forecast(Forecaster.during(ab, inFlight, Map.of(), 0, t.plusSeconds(1)))).build();
        assertEquals(List.of(), problems(live, ApiSchemas.Run.class, "Run"), "a run in flight with its forecast, as RunsResource answers");

        CompiledWorkflow c = new WorkflowCompiler().compile(new WorkflowParser().parse("schemas.yaml", """
                name: schemas
                description: every kind of setting
                params:
                  day: { description: the day }
                  token: { secret: true, default: x }
                tasks:
                  - { id: a, type: wait, with: { duration: 1s }, timeout: 1m, retry: { maxRetries: 2, delay: 1s } }
                  - { id: b, type: wait, needs: [a], priority: high, with: { duration: 1s } }
                """));
        assertEquals(List.of(), problems(JsonViews.workflow(c), ApiSchemas.Workflow.class, "Workflow"));
        assertEquals(List.of(), problems(JsonViews.workflowSummary(c), ApiSchemas.WorkflowSummary.class, "WorkflowSummary"));
        assertEquals(List.of(), problems(JsonViews.forecast(Forecaster.forecast(c, Map.of("a", List.of(900L, 1100L)), 2)),
                ApiSchemas.Forecast.class, "Forecast"));
    }

    @Test
    void theCheckFindsWhatDrifted() {
        // a field the schema lacks, a required one missing, and a value of the wrong JSON type
        JsonObject drifted = Json.createObjectBuilder().add("runId", 1).add("workflow", 7).add("extra", true).build();
        List<String> found = problems(drifted, ApiSchemas.StartedRun.class, "StartedRun");
        assertTrue(found.contains("StartedRun.extra: not in the schema"), found.toString());
        assertTrue(found.contains("StartedRun.executionId: required, missing"), found.toString());
        assertTrue(found.contains("StartedRun.workflow: expected a string, was NUMBER"), found.toString());
        assertFalse(problems(parse(ApiExamples.STARTED), ApiSchemas.StartedRun.class, "StartedRun").size() > 0);
    }

    private static JsonValue parse(String json) {
        return Json.createReader(new StringReader(json)).readValue();
    }

    /** What in {@code value} does not fit the schema type (a record of ApiSchemas, a list, a map or a scalar). */
    private static List<String> problems(JsonValue value, Type type, String path) {
        List<String> out = new ArrayList<>();
        check(value, type, path, out);
        return out;
    }

    private static void check(JsonValue v, Type type, String path, List<String> out) {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return; // whether a null is allowed is the component's (below)
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                if (v.getValueType() != JsonValue.ValueType.ARRAY) {
                    out.add(path + ": expected an array, was " + v.getValueType());
                    return;
                }
                List<JsonValue> items = v.asJsonArray();
                for (int i = 0; i < items.size(); i++) {
                    check(items.get(i), args[0], path + "[" + i + "]", out);
                }
            } else if (Map.class.isAssignableFrom(raw)) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    out.add(path + ": expected an object, was " + v.getValueType());
                    return;
                }
                v.asJsonObject().forEach((k, x) -> check(x, args[1], path + "." + k, out));
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                out.add(path + ": expected an object, was " + v.getValueType());
                return;
            }
            JsonObject o = v.asJsonObject();
            Map<String, RecordComponent> fields = new LinkedHashMap<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                Schema s = schema(c, rc);
                fields.put(s != null && !s.name().isEmpty() ? s.name() : rc.getName(), rc);
            }
            o.keySet().stream().filter(k -> !fields.containsKey(k)).forEach(k -> out.add(path + "." + k + ": not in the schema"));
            fields.forEach((name, rc) -> {
                Schema s = schema(c, rc);
                boolean required = s != null && s.required();
                if (!o.containsKey(name)) {
                    if (required) {
                        out.add(path + "." + name + ": required, missing");
                    }
                } else if (o.isNull(name) && required && !s.nullable()) {
                    out.add(path + "." + name + ": required, null");
                } else {
                    check(o.get(name), rc.getGenericType(), path + "." + name, out);
                }
            });
        } else if (c == String.class) {
            expect(v, JsonValue.ValueType.STRING, "a string", path, out);
        } else if (c == boolean.class || c == Boolean.class) {
            if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
                out.add(path + ": expected a boolean, was " + v.getValueType());
            }
        } else if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            expect(v, JsonValue.ValueType.NUMBER, "a number", path, out);
        } // Object: any JSON
    }

    /** A component's @Schema, which Java keeps on the record's field (its targets do not include record components). */
    private static Schema schema(Class<?> record, RecordComponent rc) {
        try {
            return record.getDeclaredField(rc.getName()).getAnnotation(Schema.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(JsonValue v, JsonValue.ValueType t, String what, String path, List<String> out) {
        if (v.getValueType() != t) {
            out.add(path + ": expected " + what + ", was " + v.getValueType());
        }
    }
}
