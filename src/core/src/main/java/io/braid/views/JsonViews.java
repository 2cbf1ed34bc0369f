package io.braid.views;

import io.braid.compile.CompiledWorkflow;
import io.braid.forecast.Forecast;
import io.braid.model.Durations;
import io.braid.model.Param;
import io.braid.model.Task;
import io.braid.model.Value;
import io.braid.runs.RootCause;
import io.braid.runs.RunView;
import io.braid.runs.TaskTry;
import io.braid.runs.TaskView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.braid.json.JsonP.JSON;

/** The API's JSON shapes. Times are ISO-8601 UTC with milliseconds, e.g. 2026-11-23T20:25:04.120Z. */
public final class JsonViews {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private JsonViews() {
    }

    public static String time(Instant t) {
        return t == null ? null : ISO_MILLIS.format(t);
    }

    /** A run with the root cause of its failure, if it failed. */
    public static JsonObject run(RunView r, Optional<RootCause> cause) {
        JsonObject base = run(r);
        if (!r.needs().isEmpty()) { // the graph this run executed with
            base = JSON.createObjectBuilder(base).add("graph", graph(r.needs())).build();
        }
        if (cause.isEmpty()) {
            return base;
        }
        RootCause c = cause.get();
        JsonObjectBuilder rc = JSON.createObjectBuilder().add("task", c.task());
        nullable(rc, "error", c.error());
        nullable(rc, "at", time(c.at()));
        rc.add("skipped", JSON.createArrayBuilder(c.skipped())).add("otherFailures", JSON.createArrayBuilder(c.otherFailures()));
        return JSON.createObjectBuilder(base).add("rootCause", rc).build();
    }

    public static JsonObject run(RunView r) {
        JsonArrayBuilder tasks = JSON.createArrayBuilder();
        for (TaskView t : r.tasks()) {
            tasks.add(task(t));
        }
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("id", r.id())
                .add("workflow", r.workflow())
                .add("status", r.status())
                .add("executionId", r.executionId())
                .add("executions", r.executions());
        nullable(b, "submittedBy", r.submittedBy());
        nullable(b, "created", time(r.created()));
        nullable(b, "start", time(r.start()));
        nullable(b, "end", time(r.end()));
        if (r.reason() != null) {
            b.add("reason", r.reason());
        }
        return b.add("summary", summary(r)).add("tasks", tasks).build();
    }

    /**
     * Task time against wall time: {@code speedup} is the sum of the tasks' durations (their latest try; running
     * ones until now) divided by the run's wall time so far, i.e. how much faster than running them in sequence.
     */
    static JsonObject summary(RunView r) {
        Instant now = Instant.now();
        long taskMillis = 0;
        for (TaskView t : r.tasks()) {
            if (t.start() != null) {
                taskMillis += Duration.between(t.start(), t.end() != null && !t.end().isBefore(t.start()) ? t.end() : now).toMillis();
            }
        }
        JsonObjectBuilder b = JSON.createObjectBuilder().add("taskSeconds", taskMillis / 1000.0);
        if (r.start() == null) {
            return b.addNull("wallSeconds").addNull("speedup").build();
        }
        long wall = Duration.between(r.start(), r.end() != null ? r.end() : now).toMillis();
        b.add("wallSeconds", wall / 1000.0);
        if (wall <= 0) {
            return b.addNull("speedup").build();
        }
        return b.add("speedup", Math.round(taskMillis * 100.0 / wall) / 100.0).build();
    }

    public static JsonObject task(TaskView t) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("id", t.id()).add("status", t.status());
        nullable(b, "start", time(t.start()));
        nullable(b, "end", time(t.end()));
        b.add("attempts", t.attempts());
        nullable(b, "error", t.error());
        nullable(b, "waitingFor", t.waitingFor());
        nullable(b, "heartbeat", time(t.heartbeat()));
        if (t.progress() != null) {
            b.add("progress", JSON.createReader(new StringReader(t.progress())).readValue());
        }
        if (!t.tries().isEmpty()) {
            b.add("tries", tries(t.tries()));
        }
        if (!t.partitions().isEmpty()) {
            b.add("partitions", tries(t.partitions()));
        }
        if (!t.outputs().isEmpty()) {
            JsonObjectBuilder outputs = JSON.createObjectBuilder();
            t.outputs().forEach((k, json) -> outputs.add(k, JSON.createReader(new StringReader(json)).readValue()));
            b.add("outputs", outputs);
        }
        return b.build();
    }

    /** A forecast of a run: times in milliseconds from the run's start, each task's range and where it comes from. */
    public static JsonObject forecast(Forecast f) {
        JsonArrayBuilder tasks = JSON.createArrayBuilder();
        for (Forecast.TaskForecast t : f.tasks()) {
            tasks.add(JSON.createObjectBuilder().add("id", t.id())
                    .add("startMillis", t.startMillis()).add("endMillis", t.endMillis())
                    .add("startHighMillis", t.startHighMillis()).add("endHighMillis", t.endHighMillis())
                    .add("durationMillis", t.durationMillis()).add("durationHighMillis", t.durationHighMillis())
                    .add("source", t.source().name().toLowerCase(Locale.ROOT)));
        }
        return JSON.createObjectBuilder().add("workflow", f.workflow()).add("basedOnRuns", f.runs())
                .add("makespanMillis", f.makespanMillis()).add("makespanHighMillis", f.makespanHighMillis())
                .add("tasks", tasks).build();
    }

    /** {@code {nodes: [{id}], edges: [{from, to}]}}, edges from a need to its dependent. */
    public static JsonObject graph(Map<String, List<String>> needs) {
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        JsonArrayBuilder edges = JSON.createArrayBuilder();
        needs.forEach((task, from) -> {
            nodes.add(JSON.createObjectBuilder().add("id", task));
            from.forEach(n -> edges.add(JSON.createObjectBuilder().add("from", n).add("to", task)));
        });
        return JSON.createObjectBuilder().add("nodes", nodes).add("edges", edges).build();
    }

    private static JsonArrayBuilder tries(List<TaskTry> tries) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        for (TaskTry y : tries) {
            JsonObjectBuilder b = JSON.createObjectBuilder().add("attempt", y.attempt()).add("execution", y.execution());
            if (y.partition() >= 0) {
                b.add("index", y.partition());
                if (y.item() != null) {
                    try (JsonReader r = JSON.createReader(new StringReader(y.item()))) {
                        b.add("item", r.readValue());
                    } catch (JsonException e) { // cut at 256 characters: show it as text
                        b.add("item", y.item());
                    }
                }
            }
            nullable(b, "start", time(y.start()));
            nullable(b, "end", time(y.end()));
            b.add("status", y.status());
            nullable(b, "error", y.error());
            if (y.server() != null) {
                b.add("server", y.server());
            }
            a.add(b);
        }
        return a;
    }

    public static JsonObject workflowSummary(CompiledWorkflow c) {
        return JSON.createObjectBuilder()
                .add("name", c.workflow().name())
                .add("description", c.workflow().description())
                .add("maxParallel", c.workflow().maxParallel())
                .add("tasks", c.workflow().tasks().size())
                .add("params", params(c))
                .build();
    }

    public static JsonObject workflow(CompiledWorkflow c) {
        JsonArrayBuilder tasks = JSON.createArrayBuilder();
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        JsonArrayBuilder edges = JSON.createArrayBuilder();
        for (Task t : c.workflow().tasks()) {
            JsonObjectBuilder with = JSON.createObjectBuilder();
            t.with().forEach((k, v) -> {
                if (v instanceof Value.Scalar s) {
                    with.add(k, s.text());
                } else if (v instanceof Value.Sequence q) {
                    with.add(k, JSON.createArrayBuilder(q.items()));
                } else {
                    JsonObjectBuilder m = JSON.createObjectBuilder();
                    ((Value.Mapping) v).entries().forEach(m::add);
                    with.add(k, m);
                }
            });
            JsonObjectBuilder task = JSON.createObjectBuilder()
                    .add("id", t.id()).add("type", t.type())
                    .add("needs", JSON.createArrayBuilder(t.needs()))
                    .add("with", with)
                    .add("priority", t.priority().label());
            t.timeout().ifPresent(d -> task.add("timeout", Durations.format(d)));
            if (t.retry().maxRetries() > 0) {
                task.add("retry", JSON.createObjectBuilder().add("maxRetries", t.retry().maxRetries())
                        .add("delay", Durations.format(t.retry().delay())));
            }
            tasks.add(task);
            nodes.add(JSON.createObjectBuilder().add("id", t.id()).add("type", t.type()));
            for (String n : t.needs()) {
                edges.add(JSON.createObjectBuilder().add("from", n).add("to", t.id()));
            }
        }
        return JSON.createObjectBuilder(workflowSummary(c))
                .add("tasks", tasks)
                .add("graph", JSON.createObjectBuilder().add("nodes", nodes).add("edges", edges))
                .add("jobXml", c.jobXml())
                .build();
    }

    private static JsonArrayBuilder params(CompiledWorkflow c) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        for (Param p : c.workflow().params()) {
            JsonObjectBuilder b = JSON.createObjectBuilder().add("name", p.name()).add("required", p.required())
                    .add("secret", p.secret());
            p.defaultValue().ifPresent(d -> b.add("default", d));
            if (!p.description().isEmpty()) {
                b.add("description", p.description());
            }
            a.add(b);
        }
        return a;
    }

    private static void nullable(JsonObjectBuilder b, String key, String value) {
        if (value == null) {
            b.addNull(key);
        } else {
            b.add(key, value);
        }
    }
}
