package io.braid.parse;

import io.braid.model.Durations;
import io.braid.model.Param;
import io.braid.model.Template;
import io.braid.model.Value;
import io.braid.spi.Setting;
import io.braid.spi.TaskType;
import io.braid.types.ArtifactType;
import io.braid.types.ChunkType;
import io.braid.types.TaskTypes;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Each task's {@code with:} against its type's settings ({@link Setting}) and the type's own checks. */
final class SettingCheck {
    private final Source source;
    private final TaskTypes types;
    private final List<Param> params;

    SettingCheck(Source source, TaskTypes types, List<Param> params) {
        this.source = source;
        this.types = types;
        this.params = params;
    }

    void check(TaskDraft d) {
        Optional<TaskType> found = d.type == null ? Optional.empty() : types.find(d.type);
        if (found.isEmpty()) {
            return; // reported by the reader
        }
        TaskType type = found.get();
        boolean artifact = type instanceof ArtifactType;
        if (d.retry.maxRetries() > 0 && artifact && !(type instanceof ChunkType)) {
            source.problem(d.retryNode, d.at + ".retry", Check.RETRY, "type '" + type.name() + "' runs your own code, which "
                    + "Braid cannot call again; write a task type (docs/task-types.md), or retry inside it (e.g. MicroProfile "
                    + "Fault Tolerance's @Retry on a method it calls)");
        }
        Map<String, Setting> declared = type.settings().stream()
                .collect(Collectors.toMap(Setting::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        for (SettingDraft s : d.with.values()) {
            String field = d.at + ".with." + s.key();
            Setting setting = declared.get(s.key());
            if (setting == null) {
                if (artifact && ((ArtifactType) type).accepts(s.key())) {
                    if (!(s.value() instanceof Value.Scalar)) {
                        source.problem(s.keyNode(), field, Check.SETTING_VALUE, "must be a single value");
                    }
                    continue;
                }
                source.problem(s.keyNode(), field, Check.UNKNOWN_SETTING, "unknown setting for type '" + type.name() + "'"
                        + Suggestions.didYouMean(s.key(), declared.keySet()) + "; known: " + declared.keySet());
                continue;
            }
            if (shape(s, setting, field)) {
                values(s, setting, artifact);
            }
        }
        for (Setting setting : declared.values()) {
            if (setting.isRequired() && !d.with.containsKey(setting.name())) {
                source.problem(d.withAnchor, d.at + ".with." + setting.name(), Check.MISSING_SETTING, "required for type '"
                        + type.name() + "'" + (setting.description().isEmpty() ? "" : ": " + setting.description()));
            }
        }
        Map<String, Value> values = d.with.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value(), (a, b) -> a, LinkedHashMap::new));
        type.check(new DeclaredSettings(values, params), (key, message) -> {
            SettingDraft s = d.with.get(key);
            source.problem(s == null ? d.withAnchor : s.keyNode(), d.at + ".with." + key, Check.TYPE_CHECK, message);
        });
    }

    /** Whether the value has the setting's shape (reported if not). */
    private boolean shape(SettingDraft s, Setting setting, String field) {
        Value v = s.value();
        boolean ok = switch (setting.kind()) {
            case LIST -> v instanceof Value.Sequence;
            case MAP -> v instanceof Value.Mapping;
            default -> v instanceof Value.Scalar;
        };
        if (!ok) {
            String expected = switch (setting.kind()) {
                case LIST -> "must be a list, e.g. " + s.key() + ": [a, b]";
                case MAP -> "must be a mapping, e.g. " + s.key() + ": { name: value }";
                default -> "must be a single value, not a " + (v instanceof Value.Mapping ? "mapping" : "list");
            };
            source.problem(s.keyNode(), field, Check.SETTING_VALUE, expected);
        }
        return ok;
    }

    private void values(SettingDraft s, Setting setting, boolean artifact) {
        for (Text t : s.texts()) {
            Template template = Template.parse(t.value());
            if (setting.isLiteral() && !template.isLiteral()) {
                source.problem(t.node(), t.field(), Check.LITERAL_SETTING, "must be written literally: a parameter, output or "
                        + "item may not choose " + what(setting) + (setting.name().equals("statement")
                        ? "; put values in 'args' and write ? in the statement: values are bound as JDBC parameters" : ""));
                continue;
            }
            if ((!artifact || setting.isLiteral()) && t.value().contains("#{")) {
                source.problem(t.node(), t.field(), Check.JSL_SUBSTITUTION, "'#{…}' is Jakarta Batch substitution, which would paste "
                        + "run-time values into the setting; Braid resolves ${params.<name>} and the other ${…} itself");
                continue;
            }
            Optional<String> known = DeclaredSettings.known(t.value(), params);
            known.ifPresent(k -> known(t.node(), t.field(), k, setting));
        }
    }

    private static String what(Setting s) {
        return switch (s.name()) {
            case "statement" -> "SQL text";
            case "method" -> "the HTTP method";
            case "datasource" -> "the data source";
            case "table", "columns" -> "a table or column";
            default -> "what '" + s.name() + "' names";
        };
    }

    private void known(Node node, String field, String v, Setting setting) {
        switch (setting.kind()) {
            case NUMBER -> {
                try {
                    long n = Long.parseLong(v.trim());
                    if (n < setting.min() || n > setting.max()) {
                        source.problem(node, field, Check.SETTING_VALUE, n + " is out of range " + setting.min() + ".." + setting.max());
                    }
                } catch (NumberFormatException e) {
                    source.problem(node, field, Check.SETTING_VALUE, "'" + v + "' is not a whole number");
                }
                return;
            }
            case DURATION -> {
                if (Durations.parse(v).isEmpty()) {
                    source.problem(node, field, Check.SETTING_VALUE, "'" + v + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)");
                }
                return;
            }
            case FLAG -> {
                if (!v.equals("true") && !v.equals("false")) {
                    source.problem(node, field, Check.SETTING_VALUE, "'" + v + "' is not true or false");
                }
                return;
            }
            default -> {
            }
        }
        if (!setting.choices().isEmpty() && setting.choices().stream().noneMatch(c -> c.equalsIgnoreCase(v.trim()))) {
            source.problem(node, field, Check.SETTING_VALUE, "'" + v + "' is not one of " + setting.choices()
                    + Suggestions.didYouMean(v.toUpperCase(Locale.ROOT), setting.choices()));
        }
        if (setting.pattern() != null && !Pattern.compile(setting.pattern()).matcher(v).matches()) {
            source.problem(node, field, Check.SETTING_VALUE, "'" + v + "' is not " + setting.patternHint());
        }
    }
}
