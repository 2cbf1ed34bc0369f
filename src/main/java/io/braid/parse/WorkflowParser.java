package io.braid.parse;

import io.braid.graph.Dag;
import io.braid.model.Durations;
import io.braid.model.FanOut;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;
import io.braid.model.Param;
import io.braid.model.Priority;
import io.braid.model.Retry;
import io.braid.model.Task;
import io.braid.model.Workflow;
import io.braid.tasks.Expressions;
import io.braid.tasks.TaskType;
import io.braid.tasks.TaskTypes;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a workflow YAML file into a validated {@link Workflow}. Every problem in the file is collected with
 * its line, column and field, and all of them are reported at once in a {@link WorkflowException}.
 */
public final class WorkflowParser {
    /** Largest workflow file accepted (code points); a 10,000-task workflow takes about 0.7 MB. */
    public static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;
    /** YAML aliases per document: small workflows need a few, alias bombs need thousands. */
    public static final int MAX_ALIASES = 50;
    public static final int MAX_TASKS = 20_000;

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final Pattern TASK_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Any {@code ${…}} expression: {@code ${params.name}} or {@code ${tasks.id.outputs.key}}. */
    public static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    static final Pattern PARAM_REF = Pattern.compile("params\\.([A-Za-z_][A-Za-z0-9_]*)");
    /** An output of an earlier task, resolved when the task starts. */
    public static final Pattern OUTPUT_REF = Pattern.compile("tasks\\.([A-Za-z_][A-Za-z0-9_-]*)\\.outputs\\.([A-Za-z_][A-Za-z0-9_.-]*)");

    private static final List<String> ROOT_KEYS =
            List.of("name", "description", "maxParallel", "failFast", "params", "groups", "tasks");
    private static final List<String> TASK_KEYS = List.of("id", "type", "needs", "with", "priority", "timeout",
            "retry", "estimate", "group", "locks", "fanOut", "description");
    private static final List<String> FANOUT_KEYS = List.of("items", "range", "from", "parallel");
    /** The item of a fan-out partition: {@code ${item}}, {@code ${item.field}}, {@code ${index}}. */
    public static final Pattern ITEM_REF = Pattern.compile("item(\\.[A-Za-z_][A-Za-z0-9_-]*)*|index");
    static final Pattern RANGE = Pattern.compile("\\s*(\\S+)\\s*\\.\\.\\s*(\\S+)\\s*");
    private static final List<String> GROUP_KEYS = List.of("maxConcurrent", "rate", "ratePerSecond");
    private static final List<String> LOCK_KEYS = List.of("name", "mode");
    /** Group and lock names: also used in MicroProfile Config property names. */
    static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final List<String> PARAM_KEYS = List.of("default", "description", "secret");
    private static final List<String> RETRY_KEYS = List.of("maxRetries", "delay", "maxDelay", "jitter", "retryOn", "abortOn");
    static final Pattern CLASS_NAME = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");

    public Workflow parse(Path file) throws WorkflowException, IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public Workflow parse(String sourceName, String text) throws WorkflowException {
        return new Run(sourceName).parse(text);
    }

    /** State of one parse; collects problems. */
    private static final class Run {
        private final String file;
        private final List<Problem> problems = new ArrayList<>();
        /** {@code ${tasks.x.outputs.k}} found in {@code with}, checked against the graph once it is known. */
        private final List<OutputRef> outputRefs = new ArrayList<>();

        private record OutputRef(String owner, String task, Node node, String field) {
        }

        /** Whether the task being read fans out, so {@code ${item}} and {@code ${index}} are defined. */
        private boolean fanningOut;

        Run(String file) {
            this.file = file;
        }

        Workflow parse(String text) throws WorkflowException {
            Node root = compose(text);
            if (root == null) {
                throw new WorkflowException(problems);
            }
            if (!(root instanceof MappingNode map)) {
                problem(root, "(document)", "a workflow must be a mapping with keys " + ROOT_KEYS);
                throw new WorkflowException(problems);
            }
            Map<String, NodeTuple> keys = keys(map, "", ROOT_KEYS);

            String name = requiredString(keys, map, "name");
            if (name != null && !NAME.matcher(name).matches()) {
                problem(keys.get("name").getValueNode(), "name",
                        "'" + name + "' must start with a letter and use only letters, digits, '-' and '_' (max 64)");
            }
            String description = optionalString(keys, "description").orElse("");
            int maxParallel = optionalInt(keys, "maxParallel", 1, 10_000).orElse(Workflow.DEFAULT_MAX_PARALLEL);
            boolean failFast = false;
            if (keys.containsKey("failFast")) {
                String v = scalar(keys.get("failFast").getValueNode(), "failFast");
                if ("true".equals(v)) {
                    failFast = true;
                } else if (v != null && !"false".equals(v)) {
                    problem(keys.get("failFast").getValueNode(), "failFast", "'" + v + "' is not true or false");
                }
            }
            List<Param> params = params(keys.get("params"));
            Map<String, GroupSpec> groups = groups(keys.get("groups"));
            List<Task> tasks = tasks(map, keys.get("tasks"), params, groups);

            if (!problems.isEmpty()) {
                throw new WorkflowException(sorted());
            }
            return new Workflow(name, description, maxParallel, failFast, params, groups, tasks, file);
        }

        private Node compose(String text) {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(file)
                    .setMaxAliasesForCollections(MAX_ALIASES)
                    .setCodePointLimit(MAX_DOCUMENT_CODE_POINTS)
                    .setAllowRecursiveKeys(false)
                    .setAllowDuplicateKeys(true) // reported by us, with both lines
                    .build();
            try {
                Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
                Optional<Node> node = composer.getSingleNode();
                if (node.isEmpty()) {
                    problems.add(new Problem(file, 1, 1, "(document)", "the file is empty"));
                    return null;
                }
                return node.get();
            } catch (MarkedYamlEngineException e) {
                Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
                String msg = (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
                problems.add(new Problem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                        "(yaml)", "not valid YAML: " + msg));
                return null;
            } catch (YamlEngineException e) {
                problems.add(new Problem(file, 1, 1, "(yaml)", "not valid YAML: " + e.getMessage()));
                return null;
            }
        }

        // ---- params ------------------------------------------------------------------------------------

        private List<Param> params(NodeTuple tuple) {
            List<Param> params = new ArrayList<>();
            if (tuple == null) {
                return params;
            }
            if (isNull(tuple.getValueNode())) {
                return params;
            }
            if (!(tuple.getValueNode() instanceof MappingNode map)) {
                problem(tuple.getValueNode(), "params", "must be a mapping of parameter name to default value");
                return params;
            }
            Map<String, Node> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                String pname = scalar(t.getKeyNode(), "params");
                if (pname == null) {
                    continue;
                }
                String field = "params." + pname;
                if (seen.containsKey(pname)) {
                    problem(t.getKeyNode(), field, "defined twice (first at line " + line(seen.get(pname)) + ")");
                    continue;
                }
                seen.put(pname, t.getKeyNode());
                if (!PARAM_NAME.matcher(pname).matches()) {
                    problem(t.getKeyNode(), field, "parameter names use letters, digits and '_' and do not start with a digit");
                }
                Node v = t.getValueNode();
                if (isNull(v)) {
                    params.add(new Param(pname, Optional.empty(), ""));
                } else if (v instanceof ScalarNode s) {
                    params.add(new Param(pname, Optional.of(s.getValue()), ""));
                } else if (v instanceof MappingNode pm) {
                    Map<String, NodeTuple> pk = keys(pm, field + ".", PARAM_KEYS);
                    Optional<String> dflt = pk.containsKey("default") && !isNull(pk.get("default").getValueNode())
                            ? Optional.ofNullable(scalar(pk.get("default").getValueNode(), field + ".default"))
                            : Optional.empty();
                    boolean secret = false;
                    if (pk.containsKey("secret")) {
                        String sv = scalar(pk.get("secret").getValueNode(), field + ".secret");
                        secret = "true".equals(sv);
                        if (sv != null && !secret && !"false".equals(sv)) {
                            problem(pk.get("secret").getValueNode(), field + ".secret", "'" + sv + "' is not true or false");
                        }
                    }
                    params.add(new Param(pname, dflt, optionalString(pk, "description").orElse(""), secret));
                } else {
                    problem(v, field, "must be a default value or a mapping with 'default', 'description' and 'secret'");
                }
            }
            for (Param p : params) {
                p.defaultValue().filter(d -> d.contains(";") || d.contains("#{")).ifPresent(d ->
                        problem(seen.get(p.name()), "params." + p.name(),
                                "default values may not contain ';' or '#{' (Jakarta Batch substitution syntax)"));
            }
            return params;
        }

        // ---- groups ------------------------------------------------------------------------------------

        private Map<String, GroupSpec> groups(NodeTuple tuple) {
            Map<String, GroupSpec> groups = new LinkedHashMap<>();
            if (tuple == null || isNull(tuple.getValueNode())) {
                return groups;
            }
            if (!(tuple.getValueNode() instanceof MappingNode map)) {
                problem(tuple.getValueNode(), "groups", "must be a mapping of group name to its limits");
                return groups;
            }
            Map<String, Node> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                String gname = scalar(t.getKeyNode(), "groups");
                if (gname == null) {
                    continue;
                }
                String field = "groups." + gname;
                if (seen.containsKey(gname)) {
                    problem(t.getKeyNode(), field, "defined twice (first at line " + line(seen.get(gname)) + ")");
                    continue;
                }
                seen.put(gname, t.getKeyNode());
                if (!RESOURCE_NAME.matcher(gname).matches()) {
                    problem(t.getKeyNode(), field, "group names use letters, digits, '.', '-' and '_' (max 64)");
                }
                Node v = t.getValueNode();
                if (isNull(v)) { // declared here, limits from the server-wide definition (if any)
                    groups.put(gname, GroupSpec.unlimited(gname));
                    continue;
                }
                if (!(v instanceof MappingNode gm)) {
                    problem(v, field, "must be a mapping with " + GROUP_KEYS);
                    continue;
                }
                Map<String, NodeTuple> gk = keys(gm, field + ".", GROUP_KEYS);
                int max = gk.containsKey("maxConcurrent")
                        ? intValue(gk.get("maxConcurrent").getValueNode(), field + ".maxConcurrent", 1, 100_000).orElse(0) : 0;
                Optional<RateLimit> rate = Optional.empty();
                if (gk.containsKey("rate") && gk.containsKey("ratePerSecond")) {
                    problem(gk.get("ratePerSecond").getKeyNode(), field + ".ratePerSecond",
                            "give either 'rate' or 'ratePerSecond', not both");
                } else if (gk.containsKey("rate")) {
                    Node rn = gk.get("rate").getValueNode();
                    String rv = scalar(rn, field + ".rate");
                    rate = rv == null ? Optional.empty() : RateLimit.parse(rv);
                    if (rv != null && rate.isEmpty()) {
                        problem(rn, field + ".rate", "'" + rv + "' is not a rate (use starts/window, e.g. 10/1m or 5/s)");
                    }
                } else if (gk.containsKey("ratePerSecond")) {
                    Node rn = gk.get("ratePerSecond").getValueNode();
                    String rv = scalar(rn, field + ".ratePerSecond");
                    try {
                        rate = rv == null ? Optional.empty() : RateLimit.perSecond(Double.parseDouble(rv.trim()));
                    } catch (NumberFormatException e) {
                        rate = Optional.empty();
                    }
                    if (rv != null && rate.isEmpty()) {
                        problem(rn, field + ".ratePerSecond", "'" + rv + "' is not a positive number of starts per second");
                    }
                }
                groups.put(gname, new GroupSpec(gname, max, rate));
            }
            return groups;
        }

        // ---- tasks -------------------------------------------------------------------------------------

        private List<Task> tasks(MappingNode root, NodeTuple tuple, List<Param> params, Map<String, GroupSpec> groups) {
            List<Task> tasks = new ArrayList<>();
            if (tuple == null) {
                problem(root, "tasks", "required: the list of tasks");
                return tasks;
            }
            if (!(tuple.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problem(tuple.getValueNode(), "tasks", "must be a non-empty list of tasks");
                return tasks;
            }
            if (seq.getValue().size() > MAX_TASKS) {
                problem(seq, "tasks", "at most " + MAX_TASKS + " tasks per workflow");
                return tasks;
            }
            Map<String, Node> idNodes = new LinkedHashMap<>();
            Map<String, List<Node>> needNodes = new HashMap<>();
            int index = 0;
            for (Node n : seq.getValue()) {
                Task t = task(n, index++, params, groups, idNodes, needNodes);
                if (t != null) {
                    tasks.add(t);
                }
            }
            Dag dag = checkNeeds(tasks, idNodes, needNodes);
            checkOutputRefs(dag, idNodes.keySet());
            return tasks;
        }

        private Task task(Node n, int index, List<Param> params, Map<String, GroupSpec> groups,
                          Map<String, Node> idNodes, Map<String, List<Node>> needNodes) {
            String at = "tasks[" + index + "]";
            if (!(n instanceof MappingNode map)) {
                problem(n, at, "a task must be a mapping with at least 'id' and 'type'");
                return null;
            }
            // name the task by its id in messages as soon as it has one
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v && !isNull(v)) {
                    at = "tasks[" + v.getValue() + "]";
                }
            }
            Map<String, NodeTuple> keys = keys(map, at + ".", TASK_KEYS);
            String id = requiredString(keys, map, "id", at + ".id");
            if (id != null) {
                at = "tasks[" + id + "]";
                Node idNode = keys.get("id").getValueNode();
                if (!TASK_ID.matcher(id).matches()) {
                    problem(idNode, at + ".id",
                            "'" + id + "' must start with a letter or '_' and use only letters, digits, '-' and '_' (max 64)");
                } else if (idNodes.containsKey(id)) {
                    problem(idNode, at + ".id", "duplicate id (first used at line " + line(idNodes.get(id)) + ")");
                    id = null;
                } else {
                    idNodes.put(id, idNode);
                }
            }
            String type = requiredString(keys, map, "type", at + ".type");
            Optional<TaskType> taskType = Optional.empty();
            if (type != null) {
                taskType = TaskTypes.find(type);
                if (taskType.isEmpty()) {
                    problem(keys.get("type").getValueNode(), at + ".type", "unknown type '" + type + "'"
                            + Suggestions.didYouMean(type, TaskTypes.names()) + "; known types: " + TaskTypes.names());
                }
            }
            List<String> needs = needs(keys.get("needs"), at, id, needNodes);
            Optional<FanOut> fanOut = fanOut(keys.get("fanOut"), at, id, params);
            fanningOut = fanOut.isPresent();
            Map<String, String> with = with(keys.get("with"), map, at, id, params, taskType.orElse(null));
            fanningOut = false;
            Priority priority = priority(keys.get("priority"), at);
            Optional<Duration> timeout = keys.containsKey("timeout")
                    ? duration(keys.get("timeout").getValueNode(), at + ".timeout") : Optional.empty();
            Retry retry = retry(keys.get("retry"), at);
            if (retry.maxRetries() > 0 && taskType.isPresent() && taskType.get().retrying() == TaskType.Retrying.NONE) {
                problem(keys.get("retry").getKeyNode(), at + ".retry", "type '" + type + "' runs your own code, which Braid "
                        + "cannot call again; retry inside it (e.g. MicroProfile Fault Tolerance's @Retry on a method it calls)");
            }
            Optional<Duration> estimate = keys.containsKey("estimate")
                    ? duration(keys.get("estimate").getValueNode(), at + ".estimate") : Optional.empty();
            Optional<String> group = group(keys.get("group"), at, groups);
            List<LockRef> locks = locks(keys.get("locks"), at);
            String description = optionalString(keys, "description").orElse("");
            if (id == null || type == null) {
                return null;
            }
            return new Task(id, type, needs, with, priority, timeout, retry, estimate, group, locks, fanOut, description,
                    line(map));
        }

        private List<String> needs(NodeTuple tuple, String at, String id, Map<String, List<Node>> needNodes) {
            List<String> needs = new ArrayList<>();
            if (tuple == null || isNull(tuple.getValueNode())) {
                return needs;
            }
            List<Node> items = tuple.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(tuple.getValueNode());
            List<Node> nodes = new ArrayList<>();
            for (Node item : items) {
                String need = scalar(item, at + ".needs");
                if (need == null) {
                    continue;
                }
                if (needs.contains(need)) {
                    problem(item, at + ".needs", "'" + need + "' is listed twice");
                } else if (need.equals(id)) {
                    problem(item, at + ".needs", "a task cannot need itself");
                } else {
                    needs.add(need);
                    nodes.add(item);
                }
            }
            if (id != null) {
                needNodes.put(id, nodes);
            }
            return needs;
        }

        /** A task may only read outputs of tasks it (transitively) needs: those are the ones sure to have run. */
        private void checkOutputRefs(Dag dag, Set<String> ids) {
            for (OutputRef r : outputRefs) {
                if (!ids.contains(r.task())) {
                    problem(r.node(), r.field(), "unknown task '" + r.task() + "' in ${tasks." + r.task() + ".outputs…}"
                            + Suggestions.didYouMean(r.task(), ids));
                } else if (r.owner() != null && ids.contains(r.owner())
                        && (dag.cycles().isEmpty() && !dag.reaches(dag.index(r.task()), dag.index(r.owner())))) {
                    problem(r.node(), r.field(), "task '" + r.owner() + "' reads an output of '" + r.task()
                            + "', which is not among its needs (directly or through other needs): add needs: " + r.task());
                }
            }
        }

        private Dag checkNeeds(List<Task> tasks, Map<String, Node> idNodes, Map<String, List<Node>> needNodes) {
            List<Task> resolvable = new ArrayList<>();
            for (Task t : tasks) {
                boolean ok = true;
                List<Node> nodes = needNodes.getOrDefault(t.id(), List.of());
                for (int i = 0; i < t.needs().size(); i++) {
                    String need = t.needs().get(i);
                    if (!idNodes.containsKey(need)) {
                        ok = false;
                        problem(nodes.get(i), "tasks[" + t.id() + "].needs", "unknown task '" + need + "'"
                                + Suggestions.didYouMean(need, idNodes.keySet()));
                    }
                }
                resolvable.add(ok ? t : t.withNeeds(t.needs().stream().filter(idNodes::containsKey).toList()));
            }
            Dag dag = Dag.of(resolvable);
            for (List<String> cycle : dag.cycles()) {
                String path = String.join(" → ", cycle) + " → " + cycle.get(0);
                problem(idNodes.get(cycle.get(0)), "tasks[" + cycle.get(0) + "].needs", "dependency cycle: " + path);
            }
            return dag;
        }

        private Optional<FanOut> fanOut(NodeTuple tuple, String at, String owner, List<Param> params) {
            if (tuple == null || isNull(tuple.getValueNode())) {
                return Optional.empty();
            }
            String field = at + ".fanOut";
            if (!(tuple.getValueNode() instanceof MappingNode m)) {
                problem(tuple.getValueNode(), field, "must be a mapping with one of items, range, from, and optionally parallel");
                return Optional.empty();
            }
            Map<String, NodeTuple> k = keys(m, field + ".", FANOUT_KEYS);
            List<String> sources = List.of("items", "range", "from").stream().filter(k::containsKey).toList();
            if (sources.size() != 1) {
                problem(m, field, sources.isEmpty() ? "needs one of items, range, from"
                        : "give only one of items, range, from (found " + sources + ")");
                return Optional.empty();
            }
            String parallel = FanOut.DEFAULT_PARALLEL;
            if (k.containsKey("parallel")) {
                Node pn = k.get("parallel").getValueNode();
                parallel = scalar(pn, field + ".parallel");
                Optional<String> known = parallel == null ? Optional.empty() : resolveForCheck(parallel, params, owner, pn, field + ".parallel");
                if (known.isPresent() && !known.get().matches("\\d{1,4}") || known.isPresent() && Integer.parseInt(known.get()) < 1) {
                    problem(pn, field + ".parallel", "'" + known.get() + "' is not a whole number 1..9999");
                }
            }
            String source = sources.get(0);
            Node v = k.get(source).getValueNode();
            switch (source) {
                case "items" -> {
                    if (!(v instanceof SequenceNode seq)) {
                        problem(v, field + ".items", "must be a list, e.g. items: [EU, US, APAC]");
                        return Optional.empty();
                    }
                    List<String> items = new ArrayList<>();
                    for (Node item : seq.getValue()) {
                        String s = scalar(item, field + ".items");
                        if (s != null) {
                            resolveForCheck(s, params, owner, item, field + ".items");
                            items.add(s);
                        }
                    }
                    return Optional.of(new FanOut(FanOut.Source.ITEMS, Expressions.encodeList(items), parallel));
                }
                case "range" -> {
                    String r = scalar(v, field + ".range");
                    Matcher rm = r == null ? null : RANGE.matcher(r);
                    if (rm == null || !rm.matches()) {
                        problem(v, field + ".range", "'" + r + "' is not a range such as 1..12");
                        return Optional.empty();
                    }
                    for (int g = 1; g <= 2; g++) {
                        Optional<String> bound = resolveForCheck(rm.group(g), params, owner, v, field + ".range");
                        if (bound.isPresent() && !bound.get().matches("-?\\d{1,9}")) {
                            problem(v, field + ".range", "'" + bound.get() + "' is not a whole number");
                        }
                    }
                    return Optional.of(new FanOut(FanOut.Source.RANGE, r.trim(), parallel));
                }
                default -> {
                    String f = scalar(v, field + ".from");
                    if (f == null) {
                        return Optional.empty();
                    }
                    Matcher whole = EXPRESSION.matcher(f.trim());
                    if (!whole.matches() || !OUTPUT_REF.matcher(whole.group(1).trim()).matches()) {
                        problem(v, field + ".from", "must be one ${tasks.<id>.outputs.<key>} holding a list");
                        return Optional.empty();
                    }
                    resolveForCheck(f, params, owner, v, field + ".from");
                    return Optional.of(new FanOut(FanOut.Source.FROM, f.trim(), parallel));
                }
            }
        }

        /** A task's group must be declared under {@code groups:} (with or without limits), which catches typos. */
        private Optional<String> group(NodeTuple tuple, String at, Map<String, GroupSpec> groups) {
            if (tuple == null || isNull(tuple.getValueNode())) {
                return Optional.empty();
            }
            String g = scalar(tuple.getValueNode(), at + ".group");
            if (g == null) {
                return Optional.empty();
            }
            if (!groups.containsKey(g)) {
                problem(tuple.getValueNode(), at + ".group", "unknown group '" + g + "'"
                        + Suggestions.didYouMean(g, groups.keySet())
                        + "; declare it under 'groups:' (e.g. groups: { " + g + ": { maxConcurrent: 3 } }, or "
                        + g + ": ~ to use only the server-wide limits)");
                return Optional.empty();
            }
            return Optional.of(g);
        }

        private List<LockRef> locks(NodeTuple tuple, String at) {
            List<LockRef> locks = new ArrayList<>();
            if (tuple == null || isNull(tuple.getValueNode())) {
                return locks;
            }
            String field = at + ".locks";
            List<Node> items = tuple.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(tuple.getValueNode());
            for (Node item : items) {
                String lname;
                LockRef.Mode mode = LockRef.Mode.EXCLUSIVE;
                Node nameNode = item;
                if (item instanceof MappingNode lm) {
                    Map<String, NodeTuple> lk = keys(lm, field + ".", LOCK_KEYS);
                    lname = requiredString(lk, lm, "name", field + ".name");
                    nameNode = lk.containsKey("name") ? lk.get("name").getValueNode() : lm;
                    if (lk.containsKey("mode")) {
                        String m = scalar(lk.get("mode").getValueNode(), field + ".mode");
                        if ("shared".equals(m)) {
                            mode = LockRef.Mode.SHARED;
                        } else if (m != null && !"exclusive".equals(m)) {
                            problem(lk.get("mode").getValueNode(), field + ".mode", "'" + m
                                    + "' is not one of [exclusive, shared]" + Suggestions.didYouMean(m, List.of("exclusive", "shared")));
                        }
                    }
                } else {
                    lname = scalar(item, field);
                }
                if (lname == null) {
                    continue;
                }
                if (!RESOURCE_NAME.matcher(lname).matches()) {
                    problem(nameNode, field, "'" + lname + "': lock names use letters, digits, '.', '-' and '_' (max 64)");
                } else if (locks.stream().anyMatch(l -> l.name().equals(lname))) {
                    problem(nameNode, field, "'" + lname + "' is listed twice");
                } else {
                    locks.add(new LockRef(lname, mode));
                }
            }
            return locks;
        }

        private Map<String, String> with(NodeTuple tuple, Node task, String at, String owner, List<Param> params,
                                         TaskType type) {
            Map<String, String> with = new LinkedHashMap<>();
            Map<String, Node> keyNodes = new HashMap<>();
            Map<String, String> known = new LinkedHashMap<>();
            Node anchor = tuple == null ? task : tuple.getKeyNode();
            if (tuple != null && !isNull(tuple.getValueNode())) {
                if (!(tuple.getValueNode() instanceof MappingNode map)) {
                    problem(tuple.getValueNode(), at + ".with", "must be a mapping of setting name to value");
                } else {
                    for (NodeTuple t : map.getValue()) {
                        String key = scalar(t.getKeyNode(), at + ".with");
                        if (key == null) {
                            continue;
                        }
                        String field = at + ".with." + key;
                        if (with.containsKey(key)) {
                            problem(t.getKeyNode(), field, "defined twice (first at line " + line(keyNodes.get(key)) + ")");
                            continue;
                        }
                        keyNodes.put(key, t.getKeyNode());
                        if (t.getValueNode() instanceof SequenceNode list && type != null && type.listSettings().contains(key)) {
                            List<String> items = new ArrayList<>();
                            List<String> knownItems = new ArrayList<>();
                            for (int i = 0; i < list.getValue().size(); i++) {
                                Node item = list.getValue().get(i);
                                String v = scalar(item, field + "[" + i + "]");
                                if (v != null) {
                                    items.add(v);
                                    resolveForCheck(v, params, owner, item, field + "[" + i + "]").ifPresent(knownItems::add);
                                }
                            }
                            with.put(key, Expressions.encodeList(items));
                            if (knownItems.size() == items.size()) {
                                known.put(key, Expressions.encodeList(knownItems));
                            }
                            continue;
                        }
                        if (t.getValueNode() instanceof MappingNode entries && type != null && type.mapSettings().contains(key)) {
                            Map<String, String> items = new LinkedHashMap<>();
                            boolean allKnown = true;
                            Map<String, String> knownItems = new LinkedHashMap<>();
                            for (NodeTuple e : entries.getValue()) {
                                String name = scalar(e.getKeyNode(), field);
                                String v = name == null ? null : scalar(e.getValueNode(), field + "." + name);
                                if (v != null) {
                                    items.put(name, v);
                                    Optional<String> k = resolveForCheck(v, params, owner, e.getValueNode(), field + "." + name);
                                    allKnown &= k.isPresent();
                                    k.ifPresent(x -> knownItems.put(name, x));
                                }
                            }
                            with.put(key, Expressions.encodeMap(items));
                            if (allKnown) {
                                known.put(key, Expressions.encodeMap(knownItems));
                            }
                            continue;
                        }
                        String value = scalar(t.getValueNode(), field);
                        if (value == null) {
                            continue;
                        }
                        with.put(key, value);
                        resolveForCheck(value, params, owner, t.getValueNode(), field).ifPresent(v -> known.put(key, v));
                        if (type != null && !type.resolvesExpressions() && OUTPUT_REF.matcher(value).find()) {
                            problem(t.getValueNode(), field, "type '" + type.name() + "' passes settings to your artifact as "
                                    + "batch properties, which cannot carry outputs of other tasks; only ${params.<name>} works here");
                        }
                    }
                }
            }
            if (type == null) {
                return with;
            }
            if (type.knownSettings() != null) {
                for (String key : with.keySet()) {
                    if (!type.knownSettings().contains(key)) {
                        problem(keyNodes.get(key), at + ".with." + key, "unknown setting for type '" + type.name() + "'"
                                + Suggestions.didYouMean(key, type.knownSettings()) + "; known: " + type.knownSettings());
                    }
                }
            }
            final Node fallback = anchor;
            type.validate(with, known, (key, message) -> {
                Node where = keyNodes.containsKey(key) ? keyNodes.get(key) : fallback;
                problemAt(where == null ? null : where, at + ".with." + key, message);
            });
            return with;
        }

        /**
         * Checks every {@code ${…}} in a value and returns the value with parameter defaults applied, or empty
         * when it depends on a parameter that has no default (its value is only known at run time).
         */
        private Optional<String> resolveForCheck(String value, List<Param> params, String owner, Node node, String field) {
            Matcher m = EXPRESSION.matcher(value);
            StringBuilder out = new StringBuilder();
            boolean known = true;
            while (m.find()) {
                if (ITEM_REF.matcher(m.group(1).trim()).matches()) {
                    if (!fanningOut) {
                        problem(node, field, "${" + m.group(1).trim() + "} is only defined in a task with fanOut");
                    }
                    known = false;
                    continue;
                }
                Matcher output = OUTPUT_REF.matcher(m.group(1).trim());
                if (output.matches()) {
                    outputRefs.add(new OutputRef(owner, output.group(1), node, field));
                    known = false; // only known when the task starts
                    continue;
                }
                Matcher ref = PARAM_REF.matcher(m.group(1).trim());
                if (!ref.matches()) {
                    problem(node, field, "unknown expression '${" + m.group(1)
                            + "}'; use ${params.<name>} or ${tasks.<id>.outputs.<key>}");
                    known = false;
                    continue;
                }
                String pname = ref.group(1);
                Optional<Param> p = params.stream().filter(x -> x.name().equals(pname)).findFirst();
                if (p.isEmpty()) {
                    problem(node, field, "unknown parameter '" + pname + "'"
                            + Suggestions.didYouMean(pname, params.stream().map(Param::name).toList()));
                    known = false;
                } else if (p.get().defaultValue().isEmpty()) {
                    known = false;
                } else {
                    m.appendReplacement(out, Matcher.quoteReplacement(p.get().defaultValue().get()));
                }
            }
            m.appendTail(out);
            return known ? Optional.of(out.toString()) : Optional.empty();
        }

        private Priority priority(NodeTuple tuple, String at) {
            if (tuple == null) {
                return Priority.NORMAL;
            }
            String v = scalar(tuple.getValueNode(), at + ".priority");
            if (v == null) {
                return Priority.NORMAL;
            }
            for (Priority p : Priority.values()) {
                if (p.label().equals(v.toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            List<String> labels = java.util.Arrays.stream(Priority.values()).map(Priority::label).toList();
            problem(tuple.getValueNode(), at + ".priority", "'" + v + "' is not one of " + labels
                    + Suggestions.didYouMean(v, labels));
            return Priority.NORMAL;
        }

        private Retry retry(NodeTuple tuple, String at) {
            if (tuple == null || isNull(tuple.getValueNode())) {
                return Retry.NONE;
            }
            Node v = tuple.getValueNode();
            if (v instanceof ScalarNode) {
                return new Retry(intValue(v, at + ".retry", 0, 100).orElse(0), Duration.ZERO);
            }
            if (v instanceof MappingNode m) {
                Map<String, NodeTuple> k = keys(m, at + ".retry.", RETRY_KEYS);
                int max = k.containsKey("maxRetries")
                        ? intValue(k.get("maxRetries").getValueNode(), at + ".retry.maxRetries", 0, 100).orElse(0) : 0;
                Duration delay = k.containsKey("delay")
                        ? duration(k.get("delay").getValueNode(), at + ".retry.delay").orElse(Duration.ZERO) : Duration.ZERO;
                Optional<Duration> maxDelay = k.containsKey("maxDelay")
                        ? duration(k.get("maxDelay").getValueNode(), at + ".retry.maxDelay") : Optional.empty();
                maxDelay.filter(d -> d.compareTo(delay) < 0).ifPresent(d -> problem(k.get("maxDelay").getValueNode(),
                        at + ".retry.maxDelay", "must not be shorter than delay"));
                Duration jitter = k.containsKey("jitter")
                        ? duration(k.get("jitter").getValueNode(), at + ".retry.jitter").orElse(Duration.ZERO) : Duration.ZERO;
                return new Retry(max, delay, maxDelay, jitter, classes(k.get("retryOn"), at + ".retry.retryOn"),
                        classes(k.get("abortOn"), at + ".retry.abortOn"));
            }
            problem(v, at + ".retry", "must be a number of retries or a mapping with " + RETRY_KEYS);
            return Retry.NONE;
        }

        /** A list of exception class names (checked for syntax; whether they exist is known only at run time). */
        private List<String> classes(NodeTuple tuple, String field) {
            List<String> out = new ArrayList<>();
            if (tuple == null || isNull(tuple.getValueNode())) {
                return out;
            }
            List<Node> items = tuple.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(tuple.getValueNode());
            for (Node item : items) {
                String c = scalar(item, field);
                if (c != null && !CLASS_NAME.matcher(c).matches()) {
                    problem(item, field, "'" + c + "' is not a class name such as java.io.IOException");
                } else if (c != null) {
                    out.add(c);
                }
            }
            return out;
        }

        private Optional<Duration> duration(Node node, String field) {
            String v = scalar(node, field);
            if (v == null) {
                return Optional.empty();
            }
            Optional<Duration> d = Durations.parse(v);
            if (d.isEmpty()) {
                problem(node, field, "'" + v + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)");
            }
            return d;
        }

        // ---- generic helpers ---------------------------------------------------------------------------

        /** The keys of a mapping; reports unknown and duplicate keys. */
        private Map<String, NodeTuple> keys(MappingNode map, String prefix, List<String> allowed) {
            Map<String, NodeTuple> keys = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode(), prefix.isEmpty() ? "(key)" : prefix + "(key)");
                if (key == null) {
                    continue;
                }
                if (!allowed.contains(key)) {
                    problem(t.getKeyNode(), prefix + key, "unknown key" + Suggestions.didYouMean(key, allowed)
                            + "; allowed: " + allowed);
                } else if (keys.containsKey(key)) {
                    problem(t.getKeyNode(), prefix + key, "defined twice (first at line " + line(keys.get(key).getKeyNode()) + ")");
                } else {
                    keys.put(key, t);
                }
            }
            return keys;
        }

        private String requiredString(Map<String, NodeTuple> keys, Node owner, String key) {
            return requiredString(keys, owner, key, key);
        }

        private String requiredString(Map<String, NodeTuple> keys, Node owner, String key, String field) {
            NodeTuple t = keys.get(key);
            if (t == null || isNull(t.getValueNode())) {
                problem(t == null ? owner : t.getValueNode(), field, "required");
                return null;
            }
            return scalar(t.getValueNode(), field);
        }

        private Optional<String> optionalString(Map<String, NodeTuple> keys, String key) {
            NodeTuple t = keys.get(key);
            if (t == null || isNull(t.getValueNode())) {
                return Optional.empty();
            }
            return Optional.ofNullable(scalar(t.getValueNode(), key));
        }

        private Optional<Integer> optionalInt(Map<String, NodeTuple> keys, String key, int min, int max) {
            NodeTuple t = keys.get(key);
            return t == null ? Optional.empty() : intValue(t.getValueNode(), key, min, max);
        }

        private Optional<Integer> intValue(Node node, String field, int min, int max) {
            String v = scalar(node, field);
            if (v == null) {
                return Optional.empty();
            }
            try {
                int i = Integer.parseInt(v.trim());
                if (i < min || i > max) {
                    problem(node, field, i + " is out of range " + min + ".." + max);
                    return Optional.empty();
                }
                return Optional.of(i);
            } catch (NumberFormatException e) {
                problem(node, field, "'" + v + "' is not a whole number");
                return Optional.empty();
            }
        }

        private String scalar(Node node, String field) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(node, field, "must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }

        /** Null as YAML 1.2's core schema has it: empty, {@code null} or {@code ~} (plain, not quoted). */
        private static boolean isNull(Node node) {
            return node instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null")
                    || s.isPlain() && s.getValue().equals("~"));
        }

        private static int line(Node node) {
            return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        }

        private void problem(Node node, String field, String message) {
            problemAt(node, field, message);
        }

        private void problemAt(Node node, String field, String message) {
            int line = node == null ? 1 : line(node);
            int col = node == null ? 1 : node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
            problems.add(new Problem(file, line, col, field, message));
        }

        private List<Problem> sorted() {
            List<Problem> s = new ArrayList<>(problems);
            s.sort(java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            return s;
        }
    }

    /** Parameter names referenced by a value, in order. */
    public static Set<String> paramRefs(String value) {
        Set<String> refs = new java.util.LinkedHashSet<>();
        Matcher m = EXPRESSION.matcher(value);
        while (m.find()) {
            Matcher ref = PARAM_REF.matcher(m.group(1).trim());
            if (ref.matches()) {
                refs.add(ref.group(1));
            }
        }
        return refs;
    }
}
