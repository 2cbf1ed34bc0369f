package io.braid.tasks.csv;

import io.braid.tasks.StepBody;
import io.braid.tasks.TaskType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: csv-import} — a real chunk step: a CSV reader, a JDBC batch writer into a table, a checkpoint
 * every {@code chunkSize} records. Bad lines (wrong number of fields) are skipped up to {@code skipLimit}, each
 * recorded with its line and reason. A restart continues after the last committed record. Outputs {@code rows},
 * {@code skipped}, {@code skippedLines}.
 */
public final class CsvImportType implements TaskType {
    public static final String READER = "braidCsvReader";
    public static final String WRITER = "braidJdbcWriter";
    public static final String OUTPUTS = "braidChunkOutputs";
    public static final String SKIPS = "braidChunkSkips";
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}(\\.[A-Za-z_][A-Za-z0-9_]{0,127})?");
    static final Pattern MAPPING = Pattern.compile("([^=]+)=([A-Za-z_][A-Za-z0-9_]{0,127})|([A-Za-z_][A-Za-z0-9_]{0,127})");

    @Override
    public String name() {
        return "csv-import";
    }

    @Override
    public Set<String> knownSettings() {
        return Set.of("file", "table", "columns", "chunkSize", "skipLimit", "delimiter", "datasource");
    }

    @Override
    public Set<String> listSettings() {
        return Set.of("columns");
    }

    @Override
    public boolean resolvesExpressions() {
        return true;
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        if (with.get("file") == null || with.get("file").isBlank()) {
            issues.report("file", "required for type 'csv-import': the CSV file to read (first line: column names)");
        }
        String table = with.get("table");
        if (table == null || table.isBlank()) {
            issues.report("table", "required for type 'csv-import': the table to insert into");
        } else if (!IDENTIFIER.matcher(table).matches()) {
            issues.report("table", "'" + table + "' is not a table name ([schema.]name, letters, digits, '_')");
        }
        String columns = with.get("columns");
        if (columns != null) {
            if (columns.contains("${")) {
                issues.report("columns", "column names cannot come from parameters or outputs");
            }
            for (String c : io.braid.tasks.Expressions.decodeSimpleList(columns)) {
                if (!MAPPING.matcher(c).matches()) {
                    issues.report("columns", "'" + c + "' is neither a column name nor csvField=column");
                }
            }
        }
        issues.wholeNumber(known, "chunkSize", 1, 100_000);
        issues.wholeNumber(known, "skipLimit", 0, 1_000_000);
        String d = known.get("delimiter");
        if (d != null && d.length() != 1) {
            issues.report("delimiter", "must be one character, e.g. ';'");
        }
    }

    @Override
    public Retrying retrying() {
        return Retrying.CHUNK;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        // read by the batch runtime, not by Braid: the compiler turns ${params.x} here into JSL
        String chunk = with.getOrDefault("chunkSize", "500").trim();
        String skipLimit = with.getOrDefault("skipLimit", "0").trim();
        Map<String, String> reader = new java.util.LinkedHashMap<>();
        reader.put("file", with.get("file"));
        if (with.containsKey("delimiter")) {
            reader.put("delimiter", with.get("delimiter"));
        }
        Map<String, String> writer = new java.util.LinkedHashMap<>();
        writer.put("table", with.get("table"));
        if (with.containsKey("columns")) {
            writer.put("columns", with.get("columns"));
        }
        if (with.containsKey("datasource")) {
            writer.put("datasource", with.get("datasource"));
        }
        return new StepBody.Chunk(new StepBody.Artifact(READER, reader), null, new StepBody.Artifact(WRITER, writer),
                chunk, skipLimit, List.of(BadLineException.class.getName()), List.of(SKIPS, OUTPUTS, io.braid.tasks.ChunkWatch.NAME));
    }
}
