package io.braid.types;

import io.braid.spi.Resume;
import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import javax.sql.DataSource;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: csv-import}: reads a CSV file with a header line and inserts its records into a table with JDBC
 * batches of {@code chunkSize} (on PostgreSQL with {@code COPY … FROM STDIN}, see {@link PostgresCopy}). Each chunk's rows and the task's position in the file are committed in one
 * transaction, so a retry or a restart continues after the last committed chunk: no row lost, none twice. Bad lines
 * (wrong number of fields) are skipped up to {@code skipLimit}, each recorded with its line and reason. Outputs
 * {@code rows}, {@code skipped}, {@code skippedLines}.
 */
public final class CsvImportType implements TaskType {
    static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]{0,127}(\\.[A-Za-z_][A-Za-z0-9_]{0,127})?";
    private static final Pattern MAPPING = Pattern.compile("([^=]+)=([A-Za-z_][A-Za-z0-9_]{0,127})|([A-Za-z_][A-Za-z0-9_]{0,127})");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final int MAX_LISTED = 1000;

    @Override
    public String name() {
        return "csv-import";
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.text("file").required().describe("classpath:<path>, or a file under one of braid.files.roots; first line: column names"),
                Setting.text("table").required().literal().pattern(IDENTIFIER, "a table name ([schema.]name, letters, digits, '_')"),
                Setting.list("columns").literal().pattern(MAPPING.pattern(), "a column name or csvField=column")
                        .describe("columns to fill, or csvField=column; default: the header's names"),
                Setting.number("chunkSize", 1, 100_000).describe("records per committed chunk, default 500"),
                Setting.number("skipLimit", 0, 1_000_000).describe("bad lines that may be skipped, default 0"),
                Setting.text("delimiter").pattern("(?s).", "one character, e.g. ';'").describe("default ','"),
                Setting.text("datasource").literal().describe("JNDI name of another data source; default Braid's task database"));
    }

    @Override
    public TaskAction action(TaskContext context) {
        return new Action(context);
    }

    private static final class Action implements TaskAction {
        private final TaskContext context;
        private volatile boolean cancelled;

        Action(TaskContext context) {
            this.context = context;
        }

        @Override
        public Map<String, Object> attempt() throws Exception {
            var s = context.settings();
            int chunk = (int) s.number("chunkSize", 500);
            long skipLimit = s.number("skipLimit", 0);
            String table = s.text("table");
            String jndi = s.text("datasource");
            boolean own = jndi == null || jndi.isBlank();
            DataSource target = context.dataSource(jndi);
            Resume resume = context.resume();
            long position = resume.position();
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(s.text("delimiter", ",").charAt(0))
                    .setHeader().setSkipHeaderRecord(true).setTrim(true).build();
            try (Reader in = new InputStreamReader(context.open("file"), StandardCharsets.UTF_8);
                 CSVParser parser = CSVParser.parse(in, format)) {
                List<String> header = parser.getHeaderNames();
                Map<String, String> mapping = mapping(header, s.list("columns"));
                String sql = "INSERT INTO " + table + " (" + String.join(", ", mapping.values()) + ") VALUES ("
                        + String.join(", ", Collections.nCopies(mapping.size(), "?")) + ")";
                Iterator<CSVRecord> records = parser.iterator();
                long consumed = 0;
                while (consumed < position && records.hasNext()) {
                    records.next();
                    consumed++;
                }
                long commits = 0;
                while (records.hasNext()) {
                    if (cancelled) {
                        throw new InterruptedException("tasks[" + context.task() + "]: stopped at a checkpoint (cancelled or timed out)");
                    }
                    List<CSVRecord> rows = new ArrayList<>(chunk);
                    long firstLine = consumed + 2;
                    while (rows.size() < chunk && records.hasNext()) {
                        CSVRecord r = records.next();
                        consumed++;
                        if (r.size() != header.size()) {
                            resume.skipped(consumed + 1, "expected " + header.size() + " fields, found " + r.size());
                            if (resume.skippedCount() > skipLimit) {
                                throw new IllegalStateException("tasks[" + context.task() + "]: line " + (consumed + 1)
                                        + ": expected " + header.size() + " fields, found " + r.size() + "; more than skipLimit "
                                        + skipLimit + " bad lines");
                            }
                            continue;
                        }
                        rows.add(r);
                    }
                    write(target, own, sql, mapping, header, rows, consumed, firstLine, consumed + 1, table);
                    commits++;
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("read", consumed);
                    figures.put("written", resume.total());
                    figures.put("skipped", resume.skippedCount());
                    figures.put("commits", commits);
                    context.progress(figures);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", resume.total());
            out.put("skipped", resume.skippedCount());
            List<Object> lines = new ArrayList<>();
            for (Resume.Skip skip : resume.skipped(MAX_LISTED)) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("line", skip.line());
                line.put("reason", skip.reason());
                lines.add(line);
            }
            out.put("skippedLines", lines);
            return out;
        }

        /** One chunk: its rows and the new position, committed together. */
        private void write(DataSource target, boolean own, String sql, Map<String, String> mapping, List<String> header,
                           List<CSVRecord> rows, long position, long firstLine, long lastLine, String table) throws Exception {
            Resume resume = context.resume();
            try {
                if (own) {
                    try (Connection c = target.getConnection()) {
                        boolean auto = c.getAutoCommit();
                        c.setAutoCommit(false);
                        try {
                            insert(c, table, sql, mapping, rows);
                            resume.advance(c, position, rows.size());
                            c.commit();
                        } catch (Exception e) {
                            c.rollback();
                            throw e;
                        } finally {
                            c.setAutoCommit(auto);
                        }
                    }
                } else {
                    // another database: atomic with the position only inside a global (XA) transaction (Liberty)
                    context.inGlobalTransaction(() -> {
                        try (Connection c = target.getConnection()) {
                            insert(c, table, sql, mapping, rows);
                        }
                        resume.advance(position, rows.size());
                        return null;
                    });
                }
            } catch (Exception e) {
                throw new IllegalStateException("tasks[" + context.task() + "]: inserting lines " + firstLine + ".." + lastLine
                        + " into " + table + " failed, nothing of them was written: " + e.getMessage(), e);
            }
        }

        private static void insert(Connection c, String table, String sql, Map<String, String> mapping, List<CSVRecord> rows)
                throws Exception {
            if (rows.isEmpty()) {
                return;
            }
            if (PostgresCopy.available(c)) {
                long copied = PostgresCopy.copy(c, table, mapping.values(), mapping.keySet(), rows);
                if (copied != rows.size()) {
                    throw new IllegalStateException("COPY wrote " + copied + " rows of " + rows.size());
                }
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (CSVRecord r : rows) {
                    int i = 1;
                    for (String field : mapping.keySet()) {
                        ps.setObject(i++, r.get(field));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        /** CSV field → column, in insert order: {@code columns} if given ({@code field=column} or {@code column}), else the header. */
        private Map<String, String> mapping(List<String> header, List<String> columns) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String spec : columns.isEmpty() ? header : columns) {
                Matcher x = MAPPING.matcher(spec.trim());
                String field = x.matches() ? x.group(3) != null ? x.group(3) : x.group(1).trim() : spec;
                String column = x.matches() ? x.group(3) != null ? x.group(3) : x.group(2) : spec;
                if (!header.contains(field)) {
                    throw new IllegalArgumentException("tasks[" + context.task() + "].with.columns: the CSV has no field '"
                            + field + "' (it has " + header + ")");
                }
                if (!COLUMN.matcher(column).matches()) {
                    throw new IllegalArgumentException("tasks[" + context.task() + "]: '" + column
                            + "' from the CSV header is not a column name; map it with columns: [\"" + column + "=name\"]");
                }
                m.put(field, column);
            }
            return m;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
