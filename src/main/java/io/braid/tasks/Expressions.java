package io.braid.tasks;

import io.braid.parse.WorkflowParser;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Resolves {@code ${params.x}} and {@code ${tasks.a.outputs.k}} in a setting when a task starts. The result is
 * a plain value: Braid's task types bind it (e.g. as a JDBC parameter), they never splice it into code.
 */
public final class Expressions {
    private Expressions() {
    }

    /**
     * @param setting where the value comes from, for messages ({@code tasks[b].with.args[2]})
     * @param param   a parameter's value for this run, if it has one
     * @param output  a task's output as text, if it published it
     */
    public static String resolve(String value, String setting, Function<String, Optional<String>> param,
                                 BiFunction<String, String, Optional<String>> output) {
        return resolve(value, setting, param, output, e -> Optional.empty());
    }

    /** @param item {@code item}, {@code item.field} or {@code index} of a fan-out partition */
    public static String resolve(String value, String setting, Function<String, Optional<String>> param,
                                 BiFunction<String, String, Optional<String>> output, Function<String, Optional<String>> item) {
        Matcher m = WorkflowParser.EXPRESSION.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1).trim();
            Matcher out = WorkflowParser.OUTPUT_REF.matcher(expr);
            String resolved;
            if (WorkflowParser.ITEM_REF.matcher(expr).matches()) {
                resolved = item.apply(expr).orElseThrow(() -> new IllegalArgumentException(
                        setting + ": ${" + expr + "}: " + (expr.equals("index") || expr.equals("item")
                                ? "only defined in a fan-out partition" : "the item has no such field")));
            } else if (out.matches()) {
                resolved = output.apply(out.group(1), out.group(2)).orElseThrow(() -> new IllegalArgumentException(
                        setting + ": ${" + expr + "}: task '" + out.group(1) + "' has no output '" + out.group(2) + "'"));
            } else if (expr.startsWith("params.")) {
                String name = expr.substring("params.".length());
                resolved = param.apply(name).orElseThrow(() -> new IllegalArgumentException(
                        setting + ": ${" + expr + "}: the run has no parameter '" + name + "'"));
            } else {
                throw new IllegalArgumentException(setting + ": unknown expression ${" + expr + "}");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A mapping setting as the compiler stores it: a JSON object of strings, in declaration order. */
    public static String encodeMap(java.util.Map<String, String> entries) {
        StringBuilder b = new StringBuilder("{");
        entries.forEach((k, v) -> {
            b.append(b.length() == 1 ? "" : ",");
            quote(b, k);
            b.append(':');
            quote(b, v);
        });
        return b.append('}').toString();
    }

    /** A list setting as the compiler stores it: a JSON array of strings. */
    public static String encodeList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ",");
            quote(b, items.get(i));
        }
        return b.append(']').toString();
    }

    private static void quote(StringBuilder b, String text) {
        b.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Reads back a list written by {@link #encodeList} without a JSON library (compile side). Only the escapes
     * {@link #encodeList} writes are understood.
     */
    public static List<String> decodeSimpleList(String encoded) {
        List<String> out = new java.util.ArrayList<>();
        if (encoded == null || !encoded.startsWith("[")) {
            return out;
        }
        StringBuilder cur = null;
        for (int i = 1; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (cur == null) {
                if (c == '"') {
                    cur = new StringBuilder();
                }
            } else if (c == '\\') {
                char n = encoded.charAt(++i);
                switch (n) {
                    case 'n' -> cur.append('\n');
                    case 'r' -> cur.append('\r');
                    case 't' -> cur.append('\t');
                    case 'u' -> {
                        cur.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> cur.append(n);
                }
            } else if (c == '"') {
                out.add(cur.toString());
                cur = null;
            } else {
                cur.append(c);
            }
        }
        return out;
    }
}
