package io.braid.compile;

import io.braid.graph.Dag;
import io.braid.job.Artifacts;
import io.braid.job.ClaimSpec;
import io.braid.job.JobSpec;
import io.braid.job.RankSpec;
import io.braid.job.StepSpec;
import io.braid.model.Param;
import io.braid.model.Retry;
import io.braid.model.Task;
import io.braid.model.Template;
import io.braid.model.Value;
import io.braid.model.Workflow;
import io.braid.parse.DeclaredSettings;
import io.braid.spi.TaskType;
import io.braid.types.ArtifactType;
import io.braid.types.StepBody;
import io.braid.types.TaskTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a validated workflow into Jakarta Batch job XML (version 2.0). See docs/architecture.md for the
 * mapping and why it cannot deadlock.
 */
public final class WorkflowCompiler {
    private static final String NS = "https://jakarta.ee/xml/ns/jakartaee";
    /** Estimate for a task with no {@code estimate:} whose type cannot tell its duration. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofSeconds(1);

    private final TaskTypes types;

    /** With the task types of the current class loader (Braid's and the application's). */
    public WorkflowCompiler() {
        this(TaskTypes.standard());
    }

    public WorkflowCompiler(TaskTypes types) {
        this.types = types;
    }

    public CompiledWorkflow compile(Workflow workflow) {
        Dag dag = Dag.of(workflow.tasks());
        Plan plan = new Decomposer(dag).plan();
        JobSpec job = jobSpec(workflow);
        Map<String, StepSpec> steps = new LinkedHashMap<>();
        workflow.tasks().forEach(t -> steps.put(t.id(), stepSpec(t)));
        String xml = new Emitter(workflow, dag, job, steps).job(plan);
        return new CompiledWorkflow(workflow, dag, plan, xml, threads(plan) + 1, job, steps);
    }

    private JobSpec jobSpec(Workflow workflow) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        Map<String, RankSpec> ranks = new LinkedHashMap<>();
        Map<String, ClaimSpec> claims = new LinkedHashMap<>();
        for (Task t : workflow.tasks()) {
            needs.put(t.id(), t.needs());
            ranks.put(t.id(), new RankSpec(t.priority(), estimate(workflow, t).toMillis(), t.estimate().isPresent()));
            if (t.group().isPresent() || !t.locks().isEmpty()) {
                claims.put(t.id(), new ClaimSpec(t.group().orElse(null), t.locks()));
            }
        }
        return new JobSpec(workflow.name(), workflow.maxParallel(), workflow.failFast(), needs,
                workflow.params().stream().filter(Param::required).map(Param::name).toList(),
                workflow.params().stream().filter(Param::secret).map(Param::name).toList(),
                workflow.params(), ranks, List.copyOf(workflow.groups().values()), claims);
    }

    /**
     * The step properties of a task. Types Braid runs get their settings as written (Braid resolves them); types
     * that run your artifacts get them as batch properties instead (see {@link Emitter}), and only the
     * properties the gate reads here.
     */
    private StepSpec stepSpec(Task t) {
        boolean artifact = types.get(t.type()) instanceof ArtifactType;
        return new StepSpec(t.type(), artifact ? Map.of() : t.with(),
                artifact ? Retry.NONE : t.retry(), t.timeout(), t.fanOut());
    }

    private Duration estimate(Workflow workflow, Task t) {
        return t.estimate().or(() -> types.find(t.type())
                .flatMap(type -> type.typicalDuration(new DeclaredSettings(t.with(), workflow.params()))))
                .orElse(DEFAULT_ESTIMATE);
    }

    /** Threads a plan holds at once besides the one that runs it: split waiters and their flows. */
    private static int threads(Plan plan) {
        if (plan instanceof Plan.Seq s) {
            return s.parts().stream().mapToInt(WorkflowCompiler::threads).max().orElse(0);
        }
        if (plan instanceof Plan.Par p) {
            return p.branches().stream().mapToInt(b -> 1 + threads(b)).sum();
        }
        if (plan instanceof Plan.Chains c) {
            return c.flows().size();
        }
        return 0;
    }

    /** Writes the job XML for a plan. */
    private final class Emitter {
        private final Workflow workflow;
        private final Dag dag;
        private final JobSpec job;
        private final Map<String, StepSpec> steps;
        private final Xml xml = new Xml();
        private final Set<String> usedIds = new HashSet<>();

        Emitter(Workflow workflow, Dag dag, JobSpec job, Map<String, StepSpec> steps) {
            this.workflow = workflow;
            this.dag = dag;
            this.job = job;
            this.steps = steps;
            workflow.tasks().forEach(t -> usedIds.add(t.id()));
        }

        String job(Plan plan) {
            xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            xml.comment("Generated by Braid from " + workflow.source() + ". Edit the workflow, not this file.");
            xml.open("job", "xmlns", NS, "version", "2.0", "id", workflow.name());
            properties(job.properties());
            xml.open("listeners");
            xml.empty("listener", "ref", Artifacts.RUN_LISTENER);
            xml.close("listeners");
            sequence(elements(plan));
            xml.close("job");
            return xml.toString();
        }

        private void properties(Map<String, String> properties) {
            xml.open("properties");
            properties.forEach(this::property);
            xml.close("properties");
        }

        // ---- plan → elements -------------------------------------------------------------------------

        /** One JSL element (or a gate + step pair) in a sequence; entry is the id transitions point at. */
        private sealed interface Element {
            String entry();
        }

        private record TaskEl(Task task, String gate, String skipTo) implements Element {
            public String entry() {
                return gate != null ? gate : task.id();
            }
        }

        private record SplitEl(String id, List<FlowEl> flows) implements Element {
            public String entry() {
                return id;
            }
        }

        private record FlowEl(String id, List<Element> body) {
        }

        private record MarkEl(String id) implements Element {
            public String entry() {
                return id;
            }
        }

        private List<Element> elements(Plan plan) {
            if (plan instanceof Plan.Step s) {
                return List.of(new TaskEl(task(s.task()), null, null));
            }
            if (plan instanceof Plan.Seq s) {
                return s.parts().stream().flatMap(p -> elements(p).stream()).toList();
            }
            if (plan instanceof Plan.Par p) {
                return List.of(split(p.branches().stream().map(this::elements).toList()));
            }
            Plan.Chains c = (Plan.Chains) plan;
            Set<Integer> part = new HashSet<>();
            c.flows().forEach(part::addAll);
            return List.of(split(c.flows().stream().map(f -> chain(f, part)).toList()));
        }

        private SplitEl split(List<List<Element>> bodies) {
            List<FlowEl> flows = new ArrayList<>();
            String splitId = unique("split." + firstTask(bodies.get(0)));
            for (List<Element> body : bodies) {
                String flowId = unique("flow." + firstTask(body));
                flows.add(new FlowEl(flowId, body));
            }
            return new SplitEl(splitId, flows);
        }

        /**
         * A chain flow of a prime part. Tasks with needs in another flow of the part get a gate decision (needs
         * outside the part ended before the part began). A skipped task skips the rest of the chain too (all
         * of it depends on that task), so SKIP leads to the flow's end mark. A decision may not open a flow
         * (JBeret and Liberty both reject it), hence the start mark when the first task is gated.
         */
        private List<Element> chain(List<Integer> flow, Set<Integer> part) {
            Set<Integer> inFlow = new HashSet<>(flow);
            boolean firstGated = hasOutsideNeed(flow.get(0), inFlow, part);
            boolean anyGated = flow.stream().anyMatch(v -> hasOutsideNeed(v, inFlow, part));
            String base = "flow." + dag.id(flow.get(0));
            String endMark = anyGated ? unique(base + ".end") : null;
            List<Element> body = new ArrayList<>();
            if (firstGated) {
                body.add(new MarkEl(unique(base + ".start")));
            }
            for (int v : flow) {
                Task t = task(v);
                String gate = hasOutsideNeed(v, inFlow, part) ? unique(t.id() + ".gate") : null;
                body.add(new TaskEl(t, gate, endMark));
            }
            if (endMark != null) {
                body.add(new MarkEl(endMark));
            }
            return body;
        }

        private boolean hasOutsideNeed(int v, Set<Integer> inFlow, Set<Integer> part) {
            for (int u : dag.needs(v)) {
                if (part.contains(u) && !inFlow.contains(u)) {
                    return true;
                }
            }
            return false;
        }

        // ---- elements → XML ------------------------------------------------------------------------------

        private void sequence(List<Element> elements) {
            for (int i = 0; i < elements.size(); i++) {
                Element e = elements.get(i);
                Element following = i + 1 < elements.size() ? elements.get(i + 1) : null;
                // the end mark is only reached through SKIP: the last task simply ends the flow
                String next = following == null || following instanceof MarkEl m && isEndMark(m, elements)
                        ? null : following.entry();
                if (e instanceof TaskEl t) {
                    task(t, next);
                } else if (e instanceof SplitEl s) {
                    split(s, next);
                } else {
                    mark(((MarkEl) e).id(), next);
                }
            }
        }

        private static boolean isEndMark(MarkEl m, List<Element> elements) {
            return elements.indexOf(m) == elements.size() - 1 && m.id().endsWith(".end");
        }

        private void split(SplitEl s, String next) {
            xml.open("split", "id", s.id(), "next", next);
            for (FlowEl f : s.flows()) {
                xml.open("flow", "id", f.id());
                sequence(f.body());
                xml.close("flow");
            }
            xml.close("split");
        }

        private void mark(String id, String next) {
            xml.open("step", "id", id, "next", next);
            xml.empty("batchlet", "ref", Artifacts.MARK);
            xml.close("step");
        }

        private void task(TaskEl el, String next) {
            Task t = el.task();
            if (el.gate() != null) {
                xml.open("decision", "id", el.gate(), "ref", Artifacts.GATE);
                xml.open("properties");
                property("task", t.id());
                xml.close("properties");
                xml.empty("next", "on", Artifacts.RUN, "to", t.id());
                xml.empty("next", "on", Artifacts.SKIP, "to", el.skipTo());
                xml.close("decision");
            }
            xml.open("step", "id", t.id(), "next", next);
            properties(steps.get(t.id()).properties());
            TaskType type = types.get(t.type());
            StepBody body = type instanceof ArtifactType a ? a.body(substituted(t.with())) : null;
            xml.open("listeners");
            xml.empty("listener", "ref", Artifacts.TASK_LISTENER);
            if (body instanceof StepBody.Chunk) {
                xml.empty("listener", "ref", Artifacts.CHUNK_WATCH);
            }
            xml.close("listeners");
            if (body == null) {
                xml.empty("batchlet", "ref", Artifacts.TASK);
            } else if (body instanceof StepBody.Batchlet b) {
                artifact("batchlet", b.ref(), b.properties());
            } else if (body instanceof StepBody.Chunk c) {
                chunk(t, c);
            }
            t.fanOut().ifPresent(f -> {
                xml.open("partition");
                xml.empty("mapper", "ref", Artifacts.FAN_OUT_MAPPER);
                xml.empty("analyzer", "ref", Artifacts.FAN_OUT_ANALYZER);
                xml.empty("reducer", "ref", Artifacts.FAN_OUT_REDUCER);
                xml.close("partition");
            });
            xml.close("step");
        }

        /** Your own reader, processor and writer; {@code retry:} becomes the chunk's item retries. */
        private void chunk(Task t, StepBody.Chunk c) {
            List<String> attrs = new ArrayList<>(List.of("item-count", c.itemCount()));
            int retries = t.retry().maxRetries();
            if (retries > 0) {
                attrs.addAll(List.of("retry-limit", Integer.toString(retries)));
            }
            xml.open("chunk", attrs.toArray(String[]::new));
            artifact("reader", c.reader().ref(), c.reader().properties());
            if (c.processor() != null) {
                artifact("processor", c.processor().ref(), c.processor().properties());
            }
            artifact("writer", c.writer().ref(), c.writer().properties());
            if (retries > 0) { // the batch runtime retries the chunk's items
                xml.open("retryable-exception-classes");
                (t.retry().retryOn().isEmpty() ? List.of("java.lang.Exception") : t.retry().retryOn())
                        .forEach(cls -> xml.empty("include", "class", cls));
                t.retry().abortOn().forEach(cls -> xml.empty("exclude", "class", cls));
                xml.close("retryable-exception-classes");
            }
            xml.close("chunk");
        }

        private void artifact(String element, String ref, Map<String, String> properties) {
            if (properties.isEmpty()) {
                xml.empty(element, "ref", ref);
            } else {
                xml.open(element, "ref", ref);
                xml.open("properties");
                properties.forEach(this::property);
                xml.close("properties");
                xml.close(element);
            }
        }

        private void property(String name, String value) {
            xml.empty("property", "name", name, "value", value);
        }

        /**
         * Settings for your own artifacts: {@code ${params.x}} becomes the JSL expression for job parameter x (with its
         * default), {@code ${item…}} and {@code ${index}} the partition plan's property. Outputs cannot reach them (the
         * parser refuses that).
         */
        private Map<String, String> substituted(Map<String, Value> with) {
            Map<String, String> out = new LinkedHashMap<>();
            with.forEach((k, v) -> out.put(k, substitute(((Value.Scalar) v).text())));
            return out;
        }

        private String substitute(String value) {
            return Template.parse(value).resolve(p -> {
                if (p instanceof Template.Item i) {
                    String key = i.index() ? "index" : i.path().isEmpty() ? "itemText" : i.expression();
                    return Optional.of("#{partitionPlan['" + key + "']}");
                }
                if (p instanceof Template.Param q) {
                    Param param = workflow.param(q.name()).orElseThrow();
                    return Optional.of("#{jobParameters['" + q.name() + "']}" + param.defaultValue().map(d -> "?:" + d + ";").orElse(""));
                }
                return Optional.of(Template.written(p));
            }).orElseThrow();
        }

        private Task task(int v) {
            return workflow.tasks().get(v);
        }

        private String firstTask(List<Element> body) {
            for (Element e : body) {
                if (e instanceof TaskEl t) {
                    return t.task().id();
                }
                if (e instanceof SplitEl s) {
                    return firstTask(s.flows().get(0).body());
                }
            }
            throw new IllegalStateException("empty flow");
        }

        private String unique(String id) {
            String candidate = id;
            for (int n = 2; !usedIds.add(candidate); n++) {
                candidate = id + "." + n;
            }
            return candidate;
        }
    }
}
