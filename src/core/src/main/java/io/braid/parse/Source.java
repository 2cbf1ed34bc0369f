package io.braid.parse;

import io.braid.model.Durations;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workflow file being read: its YAML nodes, the typed reading of node values, and the problems found, each
 * with line, column and field. Readers and checks report through it and go on, so every problem is found at once.
 */
final class Source {
    /** Largest workflow file accepted (code points); a 10,000-task workflow takes about 0.7 MB. */
    static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;
    /** YAML aliases per document: small workflows need a few, alias bombs need thousands. */
    static final int MAX_ALIASES = 50;

    final String file;
    private final List<Problem> problems = new ArrayList<>();

    Source(String file) {
        this.file = file;
    }

    /** The document's root node, or null (with a problem) if it is empty or not YAML. */
    Node compose(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_DOCUMENT_CODE_POINTS)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(true) // reported by keys(), with both lines
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> node = composer.getSingleNode();
            if (node.isEmpty()) {
                problems.add(new Problem(file, 1, 1, "(document)", "the file is empty", Check.EMPTY));
                return null;
            }
            return node.get();
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            String msg = (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
            boolean limit = msg.contains("alias") || msg.contains("code point") || msg.contains("recursive");
            problems.add(new Problem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "(yaml)", "not valid YAML: " + msg, limit ? Check.LIMITS : Check.YAML_SYNTAX));
            return null;
        } catch (YamlEngineException e) {
            String msg = String.valueOf(e.getMessage());
            boolean limit = msg.contains("alias") || msg.contains("code point") || msg.contains("recursive");
            problems.add(new Problem(file, 1, 1, "(yaml)", "not valid YAML: " + msg, limit ? Check.LIMITS : Check.YAML_SYNTAX));
            return null;
        }
    }

    void problem(Node node, String field, Check check, String message) {
        int line = node == null ? 1 : line(node);
        int col = node == null ? 1 : node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
        problems.add(new Problem(file, line, col, field, message, check));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<Problem> problems() {
        List<Problem> s = new ArrayList<>(problems);
        s.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return s;
    }

    /** The keys of a mapping; reports unknown and duplicate keys. */
    Map<String, NodeTuple> keys(MappingNode map, String prefix, List<String> allowed) {
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), prefix.isEmpty() ? "(key)" : prefix + "(key)");
            if (key == null) {
                continue;
            }
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), prefix + key, Check.UNKNOWN_KEY, "unknown key" + Suggestions.didYouMean(key, allowed)
                        + "; allowed: " + allowed);
            } else if (keys.containsKey(key)) {
                problem(t.getKeyNode(), prefix + key, Check.DUPLICATE_KEY,
                        "defined twice (first at line " + line(keys.get(key).getKeyNode()) + ")");
            } else {
                keys.put(key, t);
            }
        }
        return keys;
    }

    String requiredString(Map<String, NodeTuple> keys, Node owner, String key, String field) {
        NodeTuple t = keys.get(key);
        if (t == null || isNull(t.getValueNode())) {
            problem(t == null ? owner : t.getValueNode(), field, Check.REQUIRED, "required");
            return null;
        }
        return scalar(t.getValueNode(), field);
    }

    Optional<String> optionalString(Map<String, NodeTuple> keys, String key, String field) {
        NodeTuple t = keys.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return Optional.empty();
        }
        return Optional.ofNullable(scalar(t.getValueNode(), field));
    }

    Optional<Integer> integer(Node node, String field, int min, int max) {
        String v = scalar(node, field);
        if (v == null) {
            return Optional.empty();
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                problem(node, field, Check.WHOLE_NUMBER, i + " is out of range " + min + ".." + max);
                return Optional.empty();
            }
            return Optional.of(i);
        } catch (NumberFormatException e) {
            problem(node, field, Check.WHOLE_NUMBER, "'" + v + "' is not a whole number");
            return Optional.empty();
        }
    }

    Optional<Boolean> flag(Node node, String field) {
        String v = scalar(node, field);
        if ("true".equals(v) || "false".equals(v)) {
            return Optional.of(Boolean.parseBoolean(v));
        }
        if (v != null) {
            problem(node, field, Check.FLAG, "'" + v + "' is not true or false");
        }
        return Optional.empty();
    }

    Optional<Duration> duration(Node node, String field) {
        String v = scalar(node, field);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(v);
        if (d.isEmpty()) {
            problem(node, field, Check.DURATION, "'" + v + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)");
        }
        return d;
    }

    String scalar(Node node, String field) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, field, Check.WRONG_SHAPE, "must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        return null;
    }

    /** A single value or a list of them, as nodes (for keys such as {@code needs} that take either). */
    static List<Node> oneOrMany(Node node) {
        return node instanceof SequenceNode s ? s.getValue() : List.of(node);
    }

    /** Null as YAML 1.2's core schema has it: empty, {@code null} or {@code ~} (plain, not quoted). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null")
                || s.isPlain() && s.getValue().equals("~"));
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }
}
