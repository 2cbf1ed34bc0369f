package io.braid.types;

import io.braid.spi.Resume;
import io.braid.spi.Settings;
import io.braid.spi.TaskContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An {@code sql} change on Braid's task database is made once: its marker commits with it, so an attempt after a
 * crash between that commit and Braid's record (played here by running the task's action again on the same durable
 * progress) answers the recorded row count and changes nothing; a failed statement leaves neither change nor marker.
 */
@Tag("unit")
class SqlOnceTest {
    private JdbcDataSource db;

    @BeforeEach
    void database() throws Exception {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:sql-once-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE PAYMENTS (ID INT PRIMARY KEY)");
            st.execute("CREATE TABLE MARKER (POSITION BIGINT, TOTAL BIGINT)");
            st.execute("INSERT INTO MARKER VALUES (0, 0)");
        }
    }

    @Test
    void aChangeIsMadeOnceAcrossAttemptsAndRestarts() throws Exception {
        Context first = new Context(Map.of("statement", "INSERT INTO PAYMENTS VALUES (1), (2)"));
        assertEquals(2, new SqlType().action(first).attempt().get("rowCount"));
        // the JVM died before Braid recorded the task's end: the restart runs the task's action again
        Context again = new Context(Map.of("statement", "INSERT INTO PAYMENTS VALUES (1), (2)"));
        assertEquals(2L, new SqlType().action(again).attempt().get("rowCount"), "the recorded row count");
        assertEquals(2, count("SELECT COUNT(*) FROM PAYMENTS"), "each row once");
    }

    @Test
    void aFailedStatementLeavesNeitherItsChangeNorTheMarker() throws Exception {
        Context failing = new Context(Map.of("statement", "INSERT INTO PAYMENTS VALUES (1), (1)"));
        assertThrows(IllegalStateException.class, () -> new SqlType().action(failing).attempt());
        assertEquals(0, count("SELECT COUNT(*) FROM PAYMENTS"));
        assertEquals(0, count("SELECT POSITION FROM MARKER"), "a retry runs the statement");
        assertEquals(1, new SqlType().action(new Context(Map.of("statement", "INSERT INTO PAYMENTS VALUES (1)"))).attempt()
                .get("rowCount"));
    }

    @Test
    void aQueryAndAChangeOnAnotherDataSourceRunAgain() throws Exception {
        Context query = new Context(Map.of("statement", "SELECT COUNT(*) AS n FROM PAYMENTS"));
        new SqlType().action(query).attempt();
        assertEquals(0, count("SELECT POSITION FROM MARKER"), "a query leaves no marker");
        Context elsewhere = new Context(Map.of("statement", "INSERT INTO PAYMENTS VALUES (7)", "datasource", "jdbc/other"));
        new SqlType().action(elsewhere).attempt();
        assertEquals(0, count("SELECT POSITION FROM MARKER"), "Braid cannot share another database's transaction");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The task's durable progress, kept in table MARKER and written on the task's own connection. */
    private final class Marker implements Resume {
        @Override
        public long position() {
            return read("POSITION");
        }

        @Override
        public long total() {
            return read("TOTAL");
        }

        private long read(String column) {
            try {
                return count("SELECT " + column + " FROM MARKER");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void advance(Connection connection, long position, long added) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE MARKER SET POSITION = ?, TOTAL = TOTAL + ?")) {
                ps.setLong(1, position);
                ps.setLong(2, added);
                ps.executeUpdate();
            }
        }

        @Override
        public void advance(long position, long added) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void skipped(long line, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long skippedCount() {
            return 0;
        }

        @Override
        public List<Skip> skipped(int limit) {
            return List.of();
        }
    }

    /** What a running sql task gets, on one H2 database for both the task and "another" data source. */
    private final class Context implements TaskContext {
        private final Map<String, String> settings;

        Context(Map<String, String> settings) {
            this.settings = settings;
        }

        @Override
        public Settings settings() {
            return new Settings() {
                @Override
                public boolean has(String name) {
                    return settings.containsKey(name);
                }

                @Override
                public String text(String name) {
                    return settings.get(name);
                }

                @Override
                public long number(String name, long otherwise) {
                    return otherwise;
                }

                @Override
                public Duration duration(String name, Duration otherwise) {
                    return otherwise;
                }

                @Override
                public boolean flag(String name, boolean otherwise) {
                    return otherwise;
                }

                @Override
                public List<String> list(String name) {
                    return List.of();
                }

                @Override
                public Map<String, String> map(String name) {
                    return Map.of();
                }
            };
        }

        @Override
        public DataSource dataSource(String jndiName) {
            return db;
        }

        @Override
        public Resume resume() {
            return new Marker();
        }

        @Override
        public long runId() {
            return 1;
        }

        @Override
        public String workflow() {
            return "once";
        }

        @Override
        public String task() {
            return "pay";
        }

        @Override
        public int partition() {
            return -1;
        }

        @Override
        public InputStream open(String setting) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI url(String setting) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxResponseBytes() {
            return 0;
        }

        @Override
        public <T> T inGlobalTransaction(Callable<T> work) throws Exception {
            return work.call();
        }

        @Override
        public void progress(Map<String, ?> figures) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public String mask(String text) {
            return text;
        }

        @Override
        public String idempotencyKey() {
            return "key";
        }
    }
}
