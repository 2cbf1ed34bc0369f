package io.braid.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting of a task type under {@code with:}, with what Braid checks when a workflow is compiled. Immutable;
 * build it with the factories and the methods that return a changed copy:
 * {@code Setting.text("statement").required().literal().describe("…")}.
 */
public final class Setting {

    /** What a setting's value is. */
    public enum Kind {
        /** Any text. */
        TEXT,
        /** A whole number within {@code min..max}. */
        NUMBER,
        /** A duration such as {@code 250ms}, {@code 2s}, {@code 1m30s}. */
        DURATION,
        /** {@code true} or {@code false}. */
        FLAG,
        /** A YAML list of values. */
        LIST,
        /** A YAML mapping of names to values. */
        MAP
    }

    private final String name;
    private final Kind kind;
    private final boolean required;
    private final boolean literal;
    private final long min;
    private final long max;
    private final List<String> choices;
    private final String pattern;
    private final String patternHint;
    private final String description;

    private Setting(String name, Kind kind, boolean required, boolean literal, long min, long max, List<String> choices,
                    String pattern, String patternHint, String description) {
        this.name = Objects.requireNonNull(name);
        this.kind = Objects.requireNonNull(kind);
        this.required = required;
        this.literal = literal;
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        if (pattern != null) {
            Pattern.compile(pattern);
        }
        this.pattern = pattern;
        this.patternHint = patternHint;
        this.description = description;
    }

    private static Setting of(String name, Kind kind, long min, long max) {
        return new Setting(name, kind, false, false, min, max, List.of(), null, null, "");
    }

    public static Setting text(String name) {
        return of(name, Kind.TEXT, 0, 0);
    }

    public static Setting number(String name, long min, long max) {
        return of(name, Kind.NUMBER, min, max);
    }

    public static Setting duration(String name) {
        return of(name, Kind.DURATION, 0, 0);
    }

    public static Setting flag(String name) {
        return of(name, Kind.FLAG, 0, 0);
    }

    public static Setting list(String name) {
        return of(name, Kind.LIST, 0, 0);
    }

    public static Setting map(String name) {
        return of(name, Kind.MAP, 0, 0);
    }

    /** The workflow must write it. */
    public Setting required() {
        return new Setting(name, kind, true, literal, min, max, choices, pattern, patternHint, description);
    }

    /**
     * It must be written literally: no {@code ${…}} (no parameter, output or item) and no {@code #{…}}, for settings
     * that choose code or a target (an SQL statement, a table, a data source, an HTTP method).
     */
    public Setting literal() {
        return new Setting(name, kind, required, true, min, max, choices, pattern, patternHint, description);
    }

    /** Only these values are allowed (compared ignoring case). */
    public Setting choices(String... values) {
        return new Setting(name, kind, required, literal, min, max, List.of(values), pattern, patternHint, description);
    }

    /** Each value known at build time (each item of a list) must match the regular expression; {@code hint} says what it means. */
    public Setting pattern(String regex, String hint) {
        return new Setting(name, kind, required, literal, min, max, choices, regex, hint, description);
    }

    public Setting describe(String text) {
        return new Setting(name, kind, required, literal, min, max, choices, pattern, patternHint, text);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isLiteral() {
        return literal;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    /** Null if any value goes. */
    public String pattern() {
        return pattern;
    }

    public String patternHint() {
        return patternHint;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + " (" + kind.name().toLowerCase(Locale.ROOT) + (required ? ", required" : "")
                + (literal ? ", literal" : "") + ")";
    }
}
