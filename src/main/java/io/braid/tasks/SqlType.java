package io.braid.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: sql} — one SQL statement against the application's datasource or a named JNDI datasource.
 * Values from parameters and outputs go in {@code args} and are bound as JDBC parameters, never spliced into
 * the statement. Outputs: {@code rowCount}, the first row's columns, and {@code rows} (up to {@code rows}).
 */
public final class SqlType implements TaskType {
    /** CDI name of the runtime artifact, {@link SqlBatchlet}. */
    public static final String ARTIFACT = "braidSql";
    public static final int MAX_ROWS = 10_000;

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Set<String> knownSettings() {
        return Set.of("statement", "args", "datasource", "rows");
    }

    @Override
    public Set<String> listSettings() {
        return Set.of("args");
    }

    @Override
    public boolean resolvesExpressions() {
        return true;
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        String statement = with.get("statement");
        if (statement == null || statement.isBlank()) {
            issues.report("statement", "required for type 'sql': one SQL statement, with ? for each value in args");
        } else if (statement.contains("${")) {
            issues.report("statement", "put values in 'args' and write ? in the statement: values are bound as JDBC "
                    + "parameters, never pasted into SQL");
        }
        if (with.containsKey("args") && !with.get("args").startsWith("[")) {
            issues.report("args", "must be a list, e.g. args: [\"${params.day}\", 42]");
        }
        issues.wholeNumber(known, "rows", 0, MAX_ROWS);
    }

    @Override
    public Retrying retrying() {
        return Retrying.IN_STEP;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        return new StepBody.Batchlet(ARTIFACT, new LinkedHashMap<>(with));
    }
}
