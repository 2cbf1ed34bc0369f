package io.braid.parse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every check the parser makes, by section. docs/workflow-format.md ("All checks") is generated from this list
 * ({@link #markdown()}; a test keeps them equal), and every check has a test that triggers it.
 */
public enum Check {
    YAML_SYNTAX("The file", "It must be valid YAML; a syntax error gives `(yaml): not valid YAML: …` with its position."),
    EMPTY("The file", "It must not be empty."),
    LIMITS("The file", "It may hold at most 4 Mi code points and at most 50 YAML aliases, and no recursive keys "
            + "(these stop \"alias bomb\" and oversized-document attacks)."),
    NOT_A_MAPPING("The file", "The document must be a mapping."),
    DUPLICATE_KEY("The file", "A key defined twice in the same mapping is reported with the line of its first definition."),
    UNKNOWN_KEY("The file", "A key that is not allowed where it is, with a \"did you mean\" hint and the allowed keys."),
    WRONG_SHAPE("The file", "A value of the wrong shape: a list or mapping where one value is expected, or the reverse."),
    REQUIRED("The file", "A required key is missing: `name`, `tasks`, a task's `id` and `type`, a lock's `name`."),

    NAME("Top level", "`name` has the wrong syntax (a letter, then letters, digits, `-`, `_`; at most 64)."),
    WHOLE_NUMBER("Top level", "A whole number (`maxParallel` 1..10000, `retry.maxRetries` 0..100, "
            + "`groups.<g>.maxConcurrent` 1..100000) is not one, or is out of range."),
    FLAG("Top level", "`failFast` or a parameter's `secret` is not `true` or `false`."),
    TASK_LIST("Top level", "`tasks` is not a list, is empty, or has more than 20,000 entries."),

    PARAM_NAME("Parameters", "A parameter name has the wrong syntax, or is declared twice."),
    PARAM_DEFAULT("Parameters", "A default contains `;` or `#{` (Jakarta Batch substitution syntax)."),

    GROUP_NAME("Groups", "A group name has the wrong syntax, or the group is declared twice."),
    RATE("Groups", "`rate` is not `N/duration`, `ratePerSecond` is not a positive number, or both are given."),

    TASK_ID("Tasks", "`id` has the wrong syntax, or repeats another task's id (with the line of the first)."),
    UNKNOWN_TYPE("Tasks", "`type` is not a known task type, with a \"did you mean\" hint and the known types."),
    NEEDS("Tasks", "`needs`: the task needs itself, an id is listed twice, or an id is unknown (with a hint)."),
    CYCLE("Tasks", "The needs form a dependency cycle; the message gives its path."),
    PRIORITY("Tasks", "`priority` is not one of `critical`, `high`, `normal`, `low`."),
    UNKNOWN_GROUP("Tasks", "`group` is not declared under `groups:` (with a hint)."),
    LOCK("Tasks", "`locks`: a name has the wrong syntax or is listed twice, or `mode` is not `exclusive` or `shared`."),
    DURATION("Tasks", "`timeout`, `estimate` or a `retry` duration is not a duration such as `250ms`, `2s`, `1m30s`."),
    RETRY("Tasks", "`retry` is neither a number nor a mapping, `maxDelay` is shorter than `delay`, an exception "
            + "class name has the wrong syntax, or the type runs your own batchlet, which Braid cannot call again."),
    FAN_OUT("Tasks", "`fanOut` needs exactly one of `items` (a list), `range` (`a..b`) or `from` (one "
            + "`${tasks.<id>.outputs.<key>}`); `parallel` must be a whole number 1..9999."),

    UNKNOWN_SETTING("Settings", "A key under `with:` that the task's type does not take, with a hint and the known ones."),
    MISSING_SETTING("Settings", "A setting the type requires is missing (e.g. `wait` needs `duration`, `sql` needs `statement`)."),
    SETTING_VALUE("Settings", "A setting's value does not fit it: not a duration, not a whole number in range, not one of "
            + "the allowed values, not matching its form (e.g. a table name), or a list or mapping of the wrong shape."),
    LITERAL_SETTING("Settings", "A setting that chooses code or a target (an SQL statement, a table or column, a data "
            + "source, an HTTP method, a batchlet) uses `${…}`: it must be written literally."),
    JSL_SUBSTITUTION("Settings", "A setting of a type Braid runs contains `#{…}`: Braid resolves `${…}` itself, and "
            + "Jakarta Batch substitution would paste run-time values into it."),
    TYPE_CHECK("Settings", "A check of the task type's own across its settings (e.g. a `chunk` processor property "
            + "without `processor`)."),

    UNKNOWN_EXPRESSION("Expressions", "`${…}` is none of `${params.<name>}`, `${tasks.<id>.outputs.<key>}`, `${item…}`, `${index}`."),
    UNKNOWN_PARAM("Expressions", "`${params.<name>}` names no declared parameter (with a hint)."),
    OUTPUT_TASK("Expressions", "`${tasks.<id>.outputs.<key>}` names an unknown task, or a task that is not among the "
            + "reader's needs (directly or through other needs), or is used where values reach your own artifact."),
    ITEM("Expressions", "`${item…}` or `${index}` is used in a task without `fanOut`."),

    WORKFLOW_NAME("The build", "Two workflow files of one build use the same `name`.");

    private final String section;
    private final String description;

    Check(String section, String description) {
        this.section = section;
        this.description = description;
    }

    public String section() {
        return section;
    }

    public String description() {
        return description;
    }

    /** The "All checks" list of docs/workflow-format.md. */
    public static String markdown() {
        Map<String, List<Check>> bySection = Arrays.stream(values())
                .collect(Collectors.groupingBy(Check::section, LinkedHashMap::new, Collectors.toList()));
        StringBuilder b = new StringBuilder();
        bySection.forEach((section, checks) -> {
            b.append("**").append(section).append("**\n");
            checks.forEach(c -> b.append("- ").append(c.description).append(" (`").append(c.name()).append("`)\n"));
            b.append('\n');
        });
        return b.toString().stripTrailing() + "\n";
    }
}
