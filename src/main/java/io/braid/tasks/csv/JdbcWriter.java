package io.braid.tasks.csv;

import io.braid.runs.Database;
import io.braid.tasks.Expressions;
import io.braid.tasks.TaskValues;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Inserts a chunk of CSV records with one JDBC batch and records the task's progress in the same transaction:
 * either the rows and the progress are committed, or neither. Inside a container-managed chunk transaction
 * (Liberty) the connection is enlisted and the runtime commits; without one (JBeret SE) the writer commits
 * its own local transaction. So a restart never loses or repeats a row on either runtime.
 */
@Named(CsvImportType.WRITER)
@Dependent
public class JdbcWriter extends AbstractItemWriter {
    @Inject
    @BatchProperty
    String table;
    @Inject
    @BatchProperty
    String columns;
    @Inject
    @BatchProperty
    String datasource;
    @Inject
    TaskValues values;
    @Inject
    ChunkProgress progress;
    @Inject
    Database database;
    @Inject
    JobContext jobContext;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        if (items.isEmpty()) {
            return;
        }
        Map<String, String> mapping = mapping(((CsvItem) items.get(0)).values().keySet());
        String sql = "INSERT INTO " + table + " (" + String.join(", ", mapping.values()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(mapping.size(), "?")) + ")";
        String jndi = values.resolve("datasource", datasource);
        boolean own = jndi == null || jndi.isBlank();
        DataSource target = own ? database.dataSource() : (DataSource) new InitialContext().lookup(jndi);
        long last = ((CsvItem) items.get(items.size() - 1)).record();
        boolean local = !Transactions.inGlobalTransaction(); // Liberty: the chunk's JTA transaction commits for us
        try (Connection c = target.getConnection()) {
            boolean autoCommit = local && c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Object o : items) {
                        CsvItem item = (CsvItem) o;
                        int i = 1;
                        for (String field : mapping.keySet()) {
                            ps.setObject(i++, item.values().get(field));
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                if (own) {
                    progress.advance(c, jobContext.getInstanceId(), values.task(), last, items.size());
                } else {
                    // another database: atomic with the rows only under a container (XA) transaction
                    try (Connection braid = database.dataSource().getConnection()) {
                        progress.advance(braid, jobContext.getInstanceId(), values.task(), last, items.size());
                    }
                }
                if (local) {
                    c.commit();
                }
            } catch (Exception e) {
                if (local) {
                    c.rollback();
                }
                CsvItem first = (CsvItem) items.get(0);
                CsvItem lastItem = (CsvItem) items.get(items.size() - 1);
                throw new IllegalStateException("tasks[" + values.task() + "]: inserting lines " + first.line() + ".."
                        + lastItem.line() + " into " + table + " failed, nothing of them was written: " + e.getMessage(), e);
            } finally {
                if (autoCommit) {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** CSV field → column, in insert order: {@code columns} if given ({@code field=column} or {@code column}), else the header. */
    private Map<String, String> mapping(java.util.Set<String> header) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> spec = columns == null ? new ArrayList<>(header) : Expressions.decodeSimpleList(columns);
        for (String s : spec) {
            Matcher x = CsvImportType.MAPPING.matcher(s.trim());
            if (!x.matches()) {
                throw new IllegalArgumentException("tasks[" + values.task() + "].with.columns: '" + s + "'");
            }
            String field = x.group(3) != null ? x.group(3) : x.group(1).trim();
            String column = x.group(3) != null ? x.group(3) : x.group(2);
            if (!header.contains(field)) {
                throw new IllegalArgumentException("tasks[" + values.task() + "].with.columns: the CSV has no field '"
                        + field + "' (it has " + header + ")");
            }
            m.put(field, column);
        }
        for (String column : m.values()) {
            if (!CsvImportType.IDENTIFIER.matcher(column).matches()) {
                throw new IllegalArgumentException("tasks[" + values.task() + "]: '" + column
                        + "' from the CSV header is not a column name; map it with columns: [\"" + column + "=name\"]");
            }
        }
        return m;
    }
}
