package io.braid.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting value as written in a workflow: literal text with {@code ${…}} references in it. This is the one
 * reader of the {@code ${…}} grammar; validation, compilation and run-time resolution all work on its parts.
 *
 * <ul>
 *   <li>{@code ${params.<name>}}: a workflow parameter ({@link Param});</li>
 *   <li>{@code ${tasks.<id>.outputs.<key>}}: an output of an earlier task ({@link Output});</li>
 *   <li>{@code ${item}}, {@code ${item.<field>…}}, {@code ${index}}: the item of a fan-out partition ({@link Item}).</li>
 * </ul>
 */
public record Template(String text, List<Part> parts) {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PARAM = Pattern.compile("params\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern OUTPUT = Pattern.compile("tasks\\.([A-Za-z_][A-Za-z0-9_-]*)\\.outputs\\.([A-Za-z_][A-Za-z0-9_.-]*)");
    private static final Pattern ITEM = Pattern.compile("item((?:\\.[A-Za-z_][A-Za-z0-9_-]*)*)|index");

    public Template {
        parts = List.copyOf(parts);
    }

    /** One piece of a template. */
    public sealed interface Part permits Literal, Param, Output, Item, Unknown {
    }

    public record Literal(String text) implements Part {
    }

    public record Param(String name) implements Part {
    }

    public record Output(String task, String key) implements Part {
    }

    /** The partition's item ({@code path} empty), a field of it ({@code path} = field names), or its index. */
    public record Item(boolean index, List<String> path) implements Part {
        public Item {
            path = List.copyOf(path);
        }

        public String expression() {
            return index ? "index" : "item" + (path.isEmpty() ? "" : "." + String.join(".", path));
        }
    }

    /** A {@code ${…}} that is none of the above: an error wherever it is found. */
    public record Unknown(String expression) implements Part {
    }

    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Literal(text.substring(at, m.start())));
            }
            parts.add(reference(m.group(1).trim()));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(new Literal(text.substring(at)));
        }
        return new Template(text, parts);
    }

    private static Part reference(String expr) {
        Matcher p = PARAM.matcher(expr);
        if (p.matches()) {
            return new Param(p.group(1));
        }
        Matcher o = OUTPUT.matcher(expr);
        if (o.matches()) {
            return new Output(o.group(1), o.group(2));
        }
        Matcher i = ITEM.matcher(expr);
        if (i.matches()) {
            boolean index = expr.equals("index");
            List<String> path = index || i.group(1).isEmpty() ? List.of() : List.of(i.group(1).substring(1).split("\\."));
            return new Item(index, path);
        }
        return new Unknown(expr);
    }

    /** Whether the value is plain text, with no reference at all. */
    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** The whole value is exactly one reference (e.g. {@code fanOut.from}). */
    public Optional<Part> single() {
        return parts.size() == 1 && !(parts.get(0) instanceof Literal) ? Optional.of(parts.get(0)) : Optional.empty();
    }

    public Set<String> params() {
        Set<String> names = new LinkedHashSet<>();
        parts.forEach(p -> {
            if (p instanceof Param q) {
                names.add(q.name());
            }
        });
        return names;
    }

    public List<Output> outputs() {
        return parts.stream().filter(p -> p instanceof Output).map(p -> (Output) p).toList();
    }

    public boolean usesItem() {
        return parts.stream().anyMatch(p -> p instanceof Item);
    }

    /** The literal text before the first reference (all of it for a literal value). */
    public String literalPrefix() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (!(p instanceof Literal l)) {
                break;
            }
            b.append(l.text());
        }
        return b.toString();
    }

    /**
     * Replaces every reference by what {@code resolver} gives for it; empty if it gives nothing for one of them.
     * Literal text is kept as written.
     */
    public Optional<String> resolve(Function<Part, Optional<String>> resolver) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                b.append(l.text());
            } else {
                Optional<String> v = resolver.apply(p);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                b.append(v.get());
            }
        }
        return Optional.of(b.toString());
    }

    /** How a part is written in a workflow, for messages: {@code ${params.day}}. */
    public static String written(Part p) {
        if (p instanceof Literal l) {
            return l.text();
        }
        if (p instanceof Param q) {
            return "${params." + q.name() + "}";
        }
        if (p instanceof Output o) {
            return "${tasks." + o.task() + ".outputs." + o.key() + "}";
        }
        if (p instanceof Item i) {
            return "${" + i.expression() + "}";
        }
        return "${" + ((Unknown) p).expression() + "}";
    }
}
