package io.braid.runs;

import io.braid.db.Database;
import io.braid.spi.Resume;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable progress of tasks that work in pieces (tables TASK_PROGRESS and TASK_SKIPPED), per run, task and
 * fan-out partition: the {@link Resume} of the task-type SPI.
 */
@ApplicationScoped
public class ProgressStore {
    @Inject
    Database database;

    /** The progress of one task or partition (-1: the task itself). */
    public Resume of(long runId, String task, int part) {
        return new Of(runId, task, part);
    }

    private final class Of implements Resume {
        private final long run;
        private final String task;
        private final int part;

        Of(long run, String task, int part) {
            this.run = run;
            this.task = task;
            this.part = part;
        }

        @Override
        public long position() {
            return read("POSITION");
        }

        @Override
        public long total() {
            return read("TOTAL");
        }

        private long read(String column) {
            try (Connection c = own().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT " + column
                         + " FROM BRAID.TASK_PROGRESS WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ?")) {
                key(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("progress of task " + task + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void advance(Connection c, long position, long added) throws SQLException {
            try (PreparedStatement up = c.prepareStatement("UPDATE BRAID.TASK_PROGRESS SET POSITION = ?, TOTAL = TOTAL + ? "
                    + "WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ?")) {
                up.setLong(1, position);
                up.setLong(2, added);
                key(up, 3);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement("INSERT INTO BRAID.TASK_PROGRESS "
                            + "(RUN_ID, TASK_ID, PART, POSITION, TOTAL) VALUES (?, ?, ?, ?, ?)")) {
                        key(in, 1);
                        in.setLong(4, position);
                        in.setLong(5, added);
                        in.executeUpdate();
                    }
                }
            }
        }

        @Override
        public void advance(long position, long added) {
            try (Connection c = own().getConnection()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    advance(c, position, added);
                    c.commit();
                } finally {
                    c.setAutoCommit(auto);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("progress of task " + task + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void skipped(long line, String reason) {
            try (Connection c = own().getConnection();
                 PreparedStatement ps = c.prepareStatement("MERGE INTO BRAID.TASK_SKIPPED s "
                         + "USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS INT), CAST(? AS BIGINT), "
                         + "CAST(? AS VARCHAR(1000)))) v (RUN_ID, TASK_ID, PART, LINE_NO, REASON) "
                         + "ON s.RUN_ID = v.RUN_ID AND s.TASK_ID = v.TASK_ID AND s.PART = v.PART AND s.LINE_NO = v.LINE_NO "
                         + "WHEN NOT MATCHED THEN INSERT (RUN_ID, TASK_ID, PART, LINE_NO, REASON) "
                         + "VALUES (v.RUN_ID, v.TASK_ID, v.PART, v.LINE_NO, v.REASON)")) {
                key(ps, 1);
                ps.setLong(4, line);
                ps.setString(5, reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason);
                ps.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("skipped line of task " + task + ": " + e.getMessage(), e);
            }
        }

        @Override
        public long skippedCount() {
            try (Connection c = own().getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT COUNT(*) FROM BRAID.TASK_SKIPPED WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ?")) {
                key(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("skipped lines of task " + task + ": " + e.getMessage(), e);
            }
        }

        @Override
        public List<Skip> skipped(int limit) {
            List<Skip> out = new ArrayList<>();
            try (Connection c = own().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT LINE_NO, REASON FROM BRAID.TASK_SKIPPED "
                         + "WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ? ORDER BY LINE_NO")) {
                key(ps, 1);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Skip(rs.getLong(1), rs.getString(2)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("skipped lines of task " + task + ": " + e.getMessage(), e);
            }
            return out;
        }

        private void key(PreparedStatement ps, int first) throws SQLException {
            ps.setLong(first, run);
            ps.setString(first + 1, task);
            ps.setInt(first + 2, part);
        }
    }

    private DataSource own() {
        return database.dataSource();
    }
}
