package io.braid.runs;

import io.braid.db.Database;
import io.braid.db.Dialect;
import io.braid.testing.Postgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Braid's migrations on PostgreSQL: the same files as on H2, into schema braid, applied once. */
@Tag("postgresql")
class PostgresDatabaseTest {

    @Test
    void theMigrationsCreateBraidsTablesOnPostgresqlAndRunOnce() throws Exception {
        DataSource ds = Postgres.freshDatabase("braid_migrations_test");
        assertEquals(Dialect.POSTGRESQL, Dialect.of(ds));

        Database.migrate(ds);
        Database.migrate(ds); // a second server starting on the same database finds nothing to do

        List<String> tables = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'braid' "
                     + "ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.containsAll(List.of("run", "task_run", "task_output", "task_try", "task_progress", "task_skipped")),
                tables.toString());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // the names Braid's code uses, unquoted, reach those tables; CLOB columns take long text
            st.execute("INSERT INTO BRAID.RUN (ID, WORKFLOW, STATUS, EXECUTION_ID, EXECUTIONS, CREATED_AT, DAG) "
                    + "VALUES (1, 'w', 'STARTED', 1, 1, 0, '" + "a:b;".repeat(5000) + "')");
            try (ResultSet rs = st.executeQuery("SELECT LENGTH(DAG) FROM BRAID.RUN WHERE ID = 1")) {
                rs.next();
                assertEquals(20_000, rs.getInt(1));
            }
        }
    }
}
