package io.braid.parse;

import io.braid.model.FanOut;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.Priority;
import io.braid.model.Retry;
import io.braid.model.Template;
import io.braid.model.Value;
import io.braid.types.TaskTypes;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code tasks:} into a {@link TaskDraft}: each key on its own. What depends on other tasks
 * (needs that exist, cycles, outputs) or on the type's settings is checked afterwards ({@link GraphCheck},
 * {@link SettingCheck}, {@link ReferenceCheck}).
 */
final class TaskReader {
    static final Pattern TASK_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final List<String> KEYS = List.of("id", "type", "needs", "with", "priority", "timeout",
            "retry", "estimate", "group", "locks", "fanOut", "description");
    private static final List<String> FAN_OUT_KEYS = List.of("items", "range", "from", "parallel");
    private static final List<String> LOCK_KEYS = List.of("name", "mode");
    private static final List<String> RETRY_KEYS = List.of("maxRetries", "delay", "maxDelay", "jitter", "retryOn", "abortOn");
    static final Pattern RANGE = Pattern.compile("\\s*(\\S+)\\s*\\.\\.\\s*(\\S+)\\s*");
    private static final Pattern CLASS_NAME = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");

    private final Source source;
    private final TaskTypes types;
    private final Map<String, GroupSpec> groups;
    /** Ids read so far, with where: a later duplicate is reported with the first one's line. */
    private final Map<String, Node> ids = new LinkedHashMap<>();

    TaskReader(Source source, TaskTypes types, Map<String, GroupSpec> groups) {
        this.source = source;
        this.types = types;
        this.groups = groups;
    }

    /** @return null if the entry is not a mapping */
    TaskDraft read(Node n, int index) {
        String at = "tasks[" + index + "]";
        if (!(n instanceof MappingNode map)) {
            source.problem(n, at, Check.WRONG_SHAPE, "a task must be a mapping with at least 'id' and 'type'");
            return null;
        }
        // name the task by its id in messages as soon as it has one
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                    && t.getValueNode() instanceof ScalarNode v && !Source.isNull(v)) {
                at = "tasks[" + v.getValue() + "]";
            }
        }
        Map<String, NodeTuple> keys = source.keys(map, at + ".", KEYS);
        TaskDraft d = new TaskDraft(at, map);
        id(d, keys);
        type(d, keys);
        needs(d, keys.get("needs"));
        fanOut(d, keys.get("fanOut"));
        with(d, keys.get("with"));
        d.priority = priority(keys.get("priority"), d.at);
        d.timeout = keys.containsKey("timeout") ? source.duration(keys.get("timeout").getValueNode(), d.at + ".timeout") : Optional.empty();
        if (keys.containsKey("retry")) {
            d.retryNode = keys.get("retry").getKeyNode();
            d.retry = retry(keys.get("retry").getValueNode(), d.at);
        }
        d.estimate = keys.containsKey("estimate") ? source.duration(keys.get("estimate").getValueNode(), d.at + ".estimate") : Optional.empty();
        d.group = group(keys.get("group"), d.at);
        d.locks = locks(keys.get("locks"), d.at);
        d.description = source.optionalString(keys, "description", d.at + ".description").orElse("");
        return d;
    }

    private void id(TaskDraft d, Map<String, NodeTuple> keys) {
        String id = source.requiredString(keys, d.node, "id", d.at + ".id");
        if (id == null) {
            return;
        }
        Node idNode = keys.get("id").getValueNode();
        if (!TASK_ID.matcher(id).matches()) {
            source.problem(idNode, d.at + ".id", Check.TASK_ID,
                    "'" + id + "' must start with a letter or '_' and use only letters, digits, '-' and '_' (max 64)");
        } else if (ids.containsKey(id)) {
            source.problem(idNode, d.at + ".id", Check.TASK_ID, "duplicate id (first used at line " + Source.line(ids.get(id)) + ")");
            return;
        } else {
            ids.put(id, idNode);
        }
        d.id = id;
        d.idNode = idNode;
    }

    private void type(TaskDraft d, Map<String, NodeTuple> keys) {
        String type = source.requiredString(keys, d.node, "type", d.at + ".type");
        if (type == null) {
            return;
        }
        d.type = type;
        d.typeNode = keys.get("type").getValueNode();
        if (types.find(type).isEmpty()) {
            source.problem(d.typeNode, d.at + ".type", Check.UNKNOWN_TYPE, "unknown type '" + type + "'"
                    + Suggestions.didYouMean(type, types.names()) + "; known types: " + types.names());
        }
    }

    private void needs(TaskDraft d, NodeTuple tuple) {
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return;
        }
        for (Node item : Source.oneOrMany(tuple.getValueNode())) {
            String need = source.scalar(item, d.at + ".needs");
            if (need == null) {
                continue;
            }
            if (d.needs.contains(need)) {
                source.problem(item, d.at + ".needs", Check.NEEDS, "'" + need + "' is listed twice");
            } else if (need.equals(d.id)) {
                source.problem(item, d.at + ".needs", Check.NEEDS, "a task cannot need itself");
            } else {
                d.needs.add(need);
                d.needNodes.add(item);
            }
        }
    }

    /** Settings keep their YAML shape (one value, list, mapping); whether it fits the type is checked later. */
    private void with(TaskDraft d, NodeTuple tuple) {
        d.withAnchor = tuple == null ? d.node : tuple.getKeyNode();
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return;
        }
        if (!(tuple.getValueNode() instanceof MappingNode map)) {
            source.problem(tuple.getValueNode(), d.at + ".with", Check.WRONG_SHAPE, "must be a mapping of setting name to value");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = source.scalar(t.getKeyNode(), d.at + ".with");
            if (key == null) {
                continue;
            }
            String field = d.at + ".with." + key;
            if (d.with.containsKey(key)) {
                source.problem(t.getKeyNode(), field, Check.DUPLICATE_KEY,
                        "defined twice (first at line " + Source.line(d.with.get(key).keyNode()) + ")");
                continue;
            }
            SettingDraft s = setting(key, t, field);
            if (s != null) {
                d.with.put(key, s);
            }
        }
    }

    private SettingDraft setting(String key, NodeTuple t, String field) {
        Node v = t.getValueNode();
        List<Text> texts = new ArrayList<>();
        if (v instanceof SequenceNode list) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String s = source.scalar(item, field + "[" + i + "]");
                if (s != null) {
                    items.add(s);
                    texts.add(new Text(s, item, field + "[" + i + "]"));
                }
            }
            return new SettingDraft(key, t.getKeyNode(), new Value.Sequence(items), texts);
        }
        if (v instanceof MappingNode entries) {
            Map<String, String> m = new LinkedHashMap<>();
            for (NodeTuple e : entries.getValue()) {
                String name = source.scalar(e.getKeyNode(), field);
                String s = name == null ? null : source.scalar(e.getValueNode(), field + "." + name);
                if (s != null) {
                    m.put(name, s);
                    texts.add(new Text(s, e.getValueNode(), field + "." + name));
                }
            }
            return new SettingDraft(key, t.getKeyNode(), new Value.Mapping(m), texts);
        }
        String s = source.scalar(v, field);
        if (s == null) {
            return null;
        }
        texts.add(new Text(s, v, field));
        return new SettingDraft(key, t.getKeyNode(), new Value.Scalar(s), texts);
    }

    private void fanOut(TaskDraft d, NodeTuple tuple) {
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return;
        }
        String field = d.at + ".fanOut";
        if (!(tuple.getValueNode() instanceof MappingNode m)) {
            source.problem(tuple.getValueNode(), field, Check.FAN_OUT, "must be a mapping with one of items, range, from, and optionally parallel");
            return;
        }
        Map<String, NodeTuple> k = source.keys(m, field + ".", FAN_OUT_KEYS);
        List<String> sources = List.of("items", "range", "from").stream().filter(k::containsKey).toList();
        if (sources.size() != 1) {
            source.problem(m, field, Check.FAN_OUT, sources.isEmpty() ? "needs one of items, range, from"
                    : "give only one of items, range, from (found " + sources + ")");
            return;
        }
        String parallel = FanOut.DEFAULT_PARALLEL;
        if (k.containsKey("parallel")) {
            Node pn = k.get("parallel").getValueNode();
            parallel = source.scalar(pn, field + ".parallel");
            if (parallel == null) {
                return;
            }
            d.fanOutTexts.add(new Text(parallel, pn, field + ".parallel"));
            if (Template.parse(parallel).isLiteral() && !parallel.trim().matches("0*[1-9]\\d{0,3}")) {
                source.problem(pn, field + ".parallel", Check.FAN_OUT, "'" + parallel + "' is not a whole number 1..9999");
            }
        }
        String which = sources.get(0);
        Node v = k.get(which).getValueNode();
        switch (which) {
            case "items" -> {
                if (!(v instanceof SequenceNode seq)) {
                    source.problem(v, field + ".items", Check.FAN_OUT, "must be a list, e.g. items: [EU, US, APAC]");
                    return;
                }
                List<String> items = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    String s = source.scalar(item, field + ".items");
                    if (s != null) {
                        items.add(s);
                        d.fanOutTexts.add(new Text(s, item, field + ".items"));
                    }
                }
                d.fanOut = Optional.of(new FanOut(FanOut.Source.ITEMS, new Value.Sequence(items), parallel));
            }
            case "range" -> {
                String r = source.scalar(v, field + ".range");
                Matcher rm = r == null ? null : RANGE.matcher(r);
                if (rm == null || !rm.matches()) {
                    source.problem(v, field + ".range", Check.FAN_OUT, "'" + r + "' is not a range such as 1..12");
                    return;
                }
                for (int g = 1; g <= 2; g++) {
                    if (Template.parse(rm.group(g)).isLiteral() && !rm.group(g).matches("-?\\d{1,9}")) {
                        source.problem(v, field + ".range", Check.FAN_OUT, "'" + rm.group(g) + "' is not a whole number");
                    }
                }
                d.fanOutTexts.add(new Text(r, v, field + ".range"));
                d.fanOut = Optional.of(new FanOut(FanOut.Source.RANGE, new Value.Scalar(r.trim()), parallel));
            }
            default -> {
                String f = source.scalar(v, field + ".from");
                if (f == null) {
                    return;
                }
                if (!(Template.parse(f.trim()).single().orElse(null) instanceof Template.Output)) {
                    source.problem(v, field + ".from", Check.FAN_OUT, "must be one ${tasks.<id>.outputs.<key>} holding a list");
                    return;
                }
                d.fanOutTexts.add(new Text(f, v, field + ".from"));
                d.fanOut = Optional.of(new FanOut(FanOut.Source.FROM, new Value.Scalar(f.trim()), parallel));
            }
        }
    }

    private Priority priority(NodeTuple tuple, String at) {
        if (tuple == null) {
            return Priority.NORMAL;
        }
        String v = source.scalar(tuple.getValueNode(), at + ".priority");
        if (v == null) {
            return Priority.NORMAL;
        }
        for (Priority p : Priority.values()) {
            if (p.label().equals(v.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        List<String> labels = Arrays.stream(Priority.values()).map(Priority::label).toList();
        source.problem(tuple.getValueNode(), at + ".priority", Check.PRIORITY, "'" + v + "' is not one of " + labels
                + Suggestions.didYouMean(v, labels));
        return Priority.NORMAL;
    }

    private Retry retry(Node v, String at) {
        if (Source.isNull(v)) {
            return Retry.NONE;
        }
        if (v instanceof ScalarNode) {
            return new Retry(source.integer(v, at + ".retry", 0, 100).orElse(0), Duration.ZERO);
        }
        if (!(v instanceof MappingNode m)) {
            source.problem(v, at + ".retry", Check.RETRY, "must be a number of retries or a mapping with " + RETRY_KEYS);
            return Retry.NONE;
        }
        Map<String, NodeTuple> k = source.keys(m, at + ".retry.", RETRY_KEYS);
        int max = k.containsKey("maxRetries") ? source.integer(k.get("maxRetries").getValueNode(), at + ".retry.maxRetries", 0, 100).orElse(0) : 0;
        Duration delay = k.containsKey("delay")
                ? source.duration(k.get("delay").getValueNode(), at + ".retry.delay").orElse(Duration.ZERO) : Duration.ZERO;
        Optional<Duration> maxDelay = k.containsKey("maxDelay")
                ? source.duration(k.get("maxDelay").getValueNode(), at + ".retry.maxDelay") : Optional.empty();
        maxDelay.filter(d -> d.compareTo(delay) < 0).ifPresent(d -> source.problem(k.get("maxDelay").getValueNode(),
                at + ".retry.maxDelay", Check.RETRY, "must not be shorter than delay"));
        Duration jitter = k.containsKey("jitter")
                ? source.duration(k.get("jitter").getValueNode(), at + ".retry.jitter").orElse(Duration.ZERO) : Duration.ZERO;
        return new Retry(max, delay, maxDelay, jitter, classes(k.get("retryOn"), at + ".retry.retryOn"),
                classes(k.get("abortOn"), at + ".retry.abortOn"));
    }

    /** A list of exception class names (checked for syntax; whether they exist is known only at run time). */
    private List<String> classes(NodeTuple tuple, String field) {
        List<String> out = new ArrayList<>();
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return out;
        }
        for (Node item : Source.oneOrMany(tuple.getValueNode())) {
            String c = source.scalar(item, field);
            if (c != null && !CLASS_NAME.matcher(c).matches()) {
                source.problem(item, field, Check.RETRY, "'" + c + "' is not a class name such as java.io.IOException");
            } else if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** A task's group must be declared under {@code groups:} (with or without limits), which catches typos. */
    private Optional<String> group(NodeTuple tuple, String at) {
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        String g = source.scalar(tuple.getValueNode(), at + ".group");
        if (g == null) {
            return Optional.empty();
        }
        if (!groups.containsKey(g)) {
            source.problem(tuple.getValueNode(), at + ".group", Check.UNKNOWN_GROUP, "unknown group '" + g + "'"
                    + Suggestions.didYouMean(g, groups.keySet())
                    + "; declare it under 'groups:' (e.g. groups: { " + g + ": { maxConcurrent: 3 } }, or "
                    + g + ": ~ to use only the server-wide limits)");
            return Optional.empty();
        }
        return Optional.of(g);
    }

    private List<LockRef> locks(NodeTuple tuple, String at) {
        List<LockRef> locks = new ArrayList<>();
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return locks;
        }
        String field = at + ".locks";
        for (Node item : Source.oneOrMany(tuple.getValueNode())) {
            String name;
            LockRef.Mode mode = LockRef.Mode.EXCLUSIVE;
            Node nameNode = item;
            if (item instanceof MappingNode lm) {
                Map<String, NodeTuple> lk = source.keys(lm, field + ".", LOCK_KEYS);
                name = source.requiredString(lk, lm, "name", field + ".name");
                nameNode = lk.containsKey("name") ? lk.get("name").getValueNode() : lm;
                if (lk.containsKey("mode")) {
                    String m = source.scalar(lk.get("mode").getValueNode(), field + ".mode");
                    if ("shared".equals(m)) {
                        mode = LockRef.Mode.SHARED;
                    } else if (m != null && !"exclusive".equals(m)) {
                        source.problem(lk.get("mode").getValueNode(), field + ".mode", Check.LOCK, "'" + m
                                + "' is not one of [exclusive, shared]" + Suggestions.didYouMean(m, List.of("exclusive", "shared")));
                    }
                }
            } else {
                name = source.scalar(item, field);
            }
            if (name == null) {
                continue;
            }
            String lname = name;
            if (!GroupsReader.RESOURCE_NAME.matcher(lname).matches()) {
                source.problem(nameNode, field, Check.LOCK, "'" + lname + "': lock names use letters, digits, '.', '-' and '_' (max 64)");
            } else if (locks.stream().anyMatch(l -> l.name().equals(lname))) {
                source.problem(nameNode, field, Check.LOCK, "'" + lname + "' is listed twice");
            } else {
                locks.add(new LockRef(lname, mode));
            }
        }
        return locks;
    }
}
