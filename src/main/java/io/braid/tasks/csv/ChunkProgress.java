package io.braid.tasks.csv;

import io.braid.runs.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Durable progress and skipped lines of Braid's chunk tasks (tables CHUNK_PROGRESS and TASK_SKIP). */
@ApplicationScoped
public class ChunkProgress {
    @Inject
    Database database;

    public record Skip(long line, String reason) {
    }

    public record Totals(long recordsDone, long rowsWritten) {
    }

    public Totals totals(long runId, String task) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT RECORDS_DONE, ROWS_WRITTEN FROM BRAID.CHUNK_PROGRESS WHERE RUN_ID = ? AND TASK_ID = ?")) {
            ps.setLong(1, runId);
            ps.setString(2, task);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Totals(rs.getLong(1), rs.getLong(2)) : new Totals(0, 0);
            }
        }
    }

    /** Records a committed chunk; call on the connection (and in the transaction) that wrote its rows. */
    public void advance(Connection c, long runId, String task, long recordsDone, int rows) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE BRAID.CHUNK_PROGRESS SET RECORDS_DONE = ?, "
                + "ROWS_WRITTEN = ROWS_WRITTEN + ? WHERE RUN_ID = ? AND TASK_ID = ?")) {
            up.setLong(1, recordsDone);
            up.setInt(2, rows);
            up.setLong(3, runId);
            up.setString(4, task);
            if (up.executeUpdate() == 0) {
                try (PreparedStatement in = c.prepareStatement("INSERT INTO BRAID.CHUNK_PROGRESS "
                        + "(RUN_ID, TASK_ID, RECORDS_DONE, ROWS_WRITTEN) VALUES (?, ?, ?, ?)")) {
                    in.setLong(1, runId);
                    in.setString(2, task);
                    in.setLong(3, recordsDone);
                    in.setInt(4, rows);
                    in.executeUpdate();
                }
            }
        }
    }

    /** Records a skipped line; a line skipped again after a restart is recorded once. */
    public void skipped(long runId, String task, long line, String reason) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("MERGE INTO BRAID.TASK_SKIP (RUN_ID, TASK_ID, LINE_NO, REASON) "
                     + "KEY (RUN_ID, TASK_ID, LINE_NO) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, runId);
            ps.setString(2, task);
            ps.setLong(3, line);
            ps.setString(4, reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason);
            ps.executeUpdate();
            if (!c.getAutoCommit() && !Transactions.inGlobalTransaction()) {
                c.commit();
            }
        }
    }

    public List<Skip> skips(long runId, String task, int limit) throws SQLException {
        List<Skip> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT LINE_NO, REASON FROM BRAID.TASK_SKIP "
                     + "WHERE RUN_ID = ? AND TASK_ID = ? ORDER BY LINE_NO")) {
            ps.setLong(1, runId);
            ps.setString(2, task);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Skip(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    public long skipCount(long runId, String task) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COUNT(*) FROM BRAID.TASK_SKIP WHERE RUN_ID = ? AND TASK_ID = ?")) {
            ps.setLong(1, runId);
            ps.setString(2, task);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
