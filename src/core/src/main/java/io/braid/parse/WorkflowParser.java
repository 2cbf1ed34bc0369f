package io.braid.parse;

import io.braid.graph.Dag;
import io.braid.model.GroupSpec;
import io.braid.model.Param;
import io.braid.model.Task;
import io.braid.model.Workflow;
import io.braid.types.TaskTypes;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a workflow YAML file into a validated {@link Workflow}. The file is read section by section
 * ({@link ParamsReader}, {@link GroupsReader}, {@link TaskReader}), then checked as a whole ({@link GraphCheck},
 * {@link SettingCheck}, {@link ReferenceCheck}). Every problem is collected with its line, column and field, and
 * all of them are reported at once in a {@link WorkflowException}; {@link Check} lists them.
 */
public final class WorkflowParser {
    public static final int MAX_DOCUMENT_CODE_POINTS = Source.MAX_DOCUMENT_CODE_POINTS;
    public static final int MAX_ALIASES = Source.MAX_ALIASES;
    public static final int MAX_TASKS = 20_000;

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final List<String> ROOT_KEYS =
            List.of("name", "description", "maxParallel", "failFast", "params", "groups", "tasks");

    private final TaskTypes types;

    /** With the task types of the current class loader (Braid's and the application's). */
    public WorkflowParser() {
        this(TaskTypes.standard());
    }

    public WorkflowParser(TaskTypes types) {
        this.types = types;
    }

    public TaskTypes types() {
        return types;
    }

    public Workflow parse(Path file) throws WorkflowException, IOException {
        return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public Workflow parse(String sourceName, String text) throws WorkflowException {
        Source source = new Source(sourceName);
        Node root = source.compose(text);
        if (root == null) {
            throw new WorkflowException(source.problems());
        }
        if (!(root instanceof MappingNode map)) {
            source.problem(root, "(document)", Check.NOT_A_MAPPING, "a workflow must be a mapping with keys " + ROOT_KEYS);
            throw new WorkflowException(source.problems());
        }
        Map<String, NodeTuple> keys = source.keys(map, "", ROOT_KEYS);
        String name = source.requiredString(keys, map, "name", "name");
        if (name != null && !NAME.matcher(name).matches()) {
            source.problem(keys.get("name").getValueNode(), "name", Check.NAME,
                    "'" + name + "' must start with a letter and use only letters, digits, '-' and '_' (max 64)");
        }
        String description = source.optionalString(keys, "description", "description").orElse("");
        int maxParallel = keys.containsKey("maxParallel")
                ? source.integer(keys.get("maxParallel").getValueNode(), "maxParallel", 1, 10_000).orElse(Workflow.DEFAULT_MAX_PARALLEL)
                : Workflow.DEFAULT_MAX_PARALLEL;
        boolean failFast = keys.containsKey("failFast") && source.flag(keys.get("failFast").getValueNode(), "failFast").orElse(false);
        List<Param> params = new ParamsReader(source).read(keys.get("params"));
        Map<String, GroupSpec> groups = new GroupsReader(source).read(keys.get("groups"));
        List<TaskDraft> drafts = tasks(source, map, keys.get("tasks"), groups);

        Dag dag = GraphCheck.check(source, drafts);
        Set<String> ids = new LinkedHashSet<>();
        drafts.stream().filter(d -> d.id != null).forEach(d -> ids.add(d.id));
        SettingCheck settings = new SettingCheck(source, types, params);
        ReferenceCheck references = new ReferenceCheck(source, types, params, dag, ids);
        for (TaskDraft d : drafts) {
            settings.check(d);
            references.check(d);
        }
        if (source.hasProblems()) {
            throw new WorkflowException(source.problems());
        }
        List<Task> tasks = drafts.stream().map(TaskDraft::build).toList();
        return new Workflow(name, description, maxParallel, failFast, params, groups, tasks, sourceName);
    }

    private List<TaskDraft> tasks(Source source, MappingNode root, NodeTuple tuple, Map<String, GroupSpec> groups) {
        List<TaskDraft> drafts = new ArrayList<>();
        if (tuple == null) {
            source.problem(root, "tasks", Check.REQUIRED, "required: the list of tasks");
            return drafts;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            source.problem(tuple.getValueNode(), "tasks", Check.TASK_LIST, "must be a non-empty list of tasks");
            return drafts;
        }
        if (seq.getValue().size() > MAX_TASKS) {
            source.problem(seq, "tasks", Check.TASK_LIST, "at most " + MAX_TASKS + " tasks per workflow");
            return drafts;
        }
        TaskReader reader = new TaskReader(source, types, groups);
        int index = 0;
        for (Node n : seq.getValue()) {
            TaskDraft d = reader.read(n, index++);
            if (d != null && d.complete()) {
                drafts.add(d);
            } else if (d != null && d.id != null) {
                drafts.add(d); // no type: its id still counts for needs and outputs
            }
        }
        return drafts;
    }
}
