package io.braid.tasks;

import io.braid.runs.Database;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runtime artifact of {@link SqlType}. */
@Named(SqlType.ARTIFACT)
@Dependent
public class SqlBatchlet extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String statement;
    @Inject
    @BatchProperty
    String args;
    @Inject
    @BatchProperty
    String datasource;
    @Inject
    @BatchProperty
    String rows;
    @Inject
    TaskValues values;
    @Inject
    Database database;

    private volatile PreparedStatement running;

    @Override
    public String process() throws Exception {
        return values.tracked(this::work);
    }

    private String work() throws Exception {
        List<String> bound = values.resolveList("args", args);
        String ds = values.resolve("datasource", datasource);
        int keep = rows == null || rows.isBlank() ? 0 : Integer.parseInt(values.resolve("rows", rows).trim());
        values.onCancel(this::cancelStatement);
        Map<String, JsonValue> outputs = values.guarded(() -> execute(bound, ds, keep));
        values.publish(outputs);
        return "COMPLETED";
    }

    /** One attempt: the statement in its own connection (and transaction, where the connection has one). */
    private Map<String, JsonValue> execute(List<String> bound, String ds, int keep) throws Exception {
        Map<String, JsonValue> outputs = new LinkedHashMap<>();
        try (Connection c = dataSource(ds).getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            running = ps;
            for (int i = 0; i < bound.size(); i++) {
                ps.setObject(i + 1, bound.get(i)); // the driver converts text to the column's type
            }
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    read(rs, keep, outputs);
                }
            } else {
                outputs.put("rowCount", Json.createValue(ps.getUpdateCount()));
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tasks[" + values.task() + "]: " + e.getMessage(), e);
        } finally {
            running = null;
        }
        return outputs;
    }

    private static void read(ResultSet rs, int keep, Map<String, JsonValue> outputs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        JsonArrayBuilder list = Json.createArrayBuilder();
        int count = 0;
        while (rs.next()) {
            JsonObjectBuilder row = Json.createObjectBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String column = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                JsonValue v = json(rs.getObject(i));
                row.add(column, v);
                if (count == 0) {
                    outputs.put(column, v);
                }
            }
            if (count < keep) {
                list.add(row);
            }
            count++;
        }
        outputs.put("rowCount", Json.createValue(count));
        if (keep > 0) {
            outputs.put("rows", list.build());
        }
    }

    private static JsonValue json(Object o) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return Json.createValue(((Number) o).longValue());
        }
        if (o instanceof BigDecimal d) {
            return Json.createValue(d);
        }
        if (o instanceof Double || o instanceof Float) {
            return Json.createValue(((Number) o).doubleValue());
        }
        if (o instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        return Json.createValue(o.toString());
    }

    private DataSource dataSource(String jndiName) throws NamingException {
        if (jndiName == null || jndiName.isBlank()) {
            return database.dataSource();
        }
        return (DataSource) new InitialContext().lookup(jndiName);
    }

    @Override
    public void stop() {
        cancelStatement();
    }

    private void cancelStatement() {
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
