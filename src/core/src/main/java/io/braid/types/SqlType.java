package io.braid.types;

import io.braid.spi.Resume;
import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: sql}: one SQL statement on Braid's task database (as a user without administrator rights) or on a
 * named JNDI data source. The statement is written literally in the workflow; values from parameters and outputs
 * go in {@code args} and are bound as JDBC parameters. Outputs: {@code rowCount}, the first row's columns, and
 * {@code rows} (up to {@code rows} of them).
 *
 * <p><b>Once.</b> On Braid's task database a statement that changes data commits in one transaction with a marker
 * (the task's durable progress, {@link Resume}) holding its row count. An attempt that finds the marker (a retry, or a
 * restart after a crash between that commit and Braid's record of the task's end) does not run the statement again
 * and answers the recorded {@code rowCount}. A query changes nothing and runs again; on another data source
 * ({@code datasource}) Braid cannot share the transaction, and a statement there may run again (at least once).
 */
public final class SqlType implements TaskType {
    public static final int MAX_ROWS = 10_000;
    /** The marker's position once the statement's change committed. */
    static final long CHANGED = 1;

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.text("statement").required().literal()
                        .describe("one SQL statement, with ? for each value in args; written literally, never built from values"),
                Setting.list("args").describe("values bound to the statement's ? in order; may use ${…}"),
                Setting.text("datasource").literal().describe("JNDI name of another data source; default Braid's task database"),
                Setting.number("rows", 0, MAX_ROWS).describe("rows of a query kept in the output 'rows' (default 0)"));
    }

    @Override
    public TaskAction action(TaskContext context) {
        return new Action(context);
    }

    private static final class Action implements TaskAction {
        private final TaskContext context;
        private volatile PreparedStatement running;
        private volatile boolean cancelled;

        Action(TaskContext context) {
            this.context = context;
        }

        @Override
        public Map<String, Object> attempt() throws Exception {
            String statement = context.settings().text("statement");
            List<String> args = context.settings().list("args");
            int keep = (int) context.settings().number("rows", 0);
            String datasource = context.settings().text("datasource");
            // on Braid's task database a change commits with a marker of its own, so it is made once (class comment)
            Resume done = datasource == null || datasource.isBlank() ? context.resume() : null;
            if (done != null && done.position() == CHANGED) {
                return Map.of("rowCount", done.total()); // committed by an earlier attempt or execution: not again
            }
            Map<String, Object> outputs = new LinkedHashMap<>();
            try (Connection c = context.dataSource(datasource).getConnection();
                 PreparedStatement ps = c.prepareStatement(statement)) {
                running = ps;
                boolean auto = c.getAutoCommit();
                if (done != null) {
                    c.setAutoCommit(false);
                }
                try {
                    if (cancelled) {
                        throw new InterruptedException("tasks[" + context.task() + "]: stopped");
                    }
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i)); // the driver converts text to the column's type
                    }
                    if (ps.execute()) {
                        try (ResultSet rs = ps.getResultSet()) {
                            read(rs, keep, outputs);
                        }
                    } else {
                        int changed = ps.getUpdateCount();
                        outputs.put("rowCount", changed);
                        if (done != null) {
                            done.advance(c, CHANGED, Math.max(0, changed));
                        }
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                } catch (Exception e) {
                    if (!c.getAutoCommit()) {
                        c.rollback(); // neither the change nor its marker
                    }
                    throw e;
                } finally {
                    if (done != null) {
                        c.setAutoCommit(auto);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("tasks[" + context.task() + "]: " + e.getMessage(), e);
            } finally {
                running = null;
            }
            return outputs;
        }

        private static void read(ResultSet rs, int keep, Map<String, Object> outputs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            List<Object> list = new ArrayList<>();
            int count = 0;
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String column = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    Object v = value(rs.getObject(i));
                    row.put(column, v);
                    if (count == 0) {
                        outputs.put(column, v);
                    }
                }
                if (count < keep) {
                    list.add(row);
                }
                count++;
            }
            outputs.put("rowCount", count);
            if (keep > 0) {
                outputs.put("rows", list);
            }
        }

        /** Numbers and booleans as they are, everything else as text. */
        private static Object value(Object o) {
            return o == null || o instanceof Number || o instanceof Boolean ? o : o.toString();
        }

        @Override
        public void cancel() {
            cancelled = true;
            PreparedStatement ps = running;
            if (ps != null) {
                try {
                    ps.cancel();
                } catch (SQLException e) {
                    // the statement ended meanwhile
                }
            }
        }
    }
}
