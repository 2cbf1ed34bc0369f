package io.braid.runs;

import io.braid.config.ConfigValues;
import io.braid.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What lets a fan-out partition prove it was dispatched by the server running its job (tables EXECUTION_PARAMS and
 * PARTITION_CLAIM): the parameters each job execution began with, recorded by that server, and one claim per partition
 * index and execution. A partition message is built by whoever can send to the cluster's queue; these rows are
 * written only by the server that runs the job, in the database the servers share.
 */
@ApplicationScoped
public class PartitionClaims {
    @Inject
    Database database;

    /** The execution began with these parameters (digest); a second call for the same execution changes nothing. */
    public void began(long runId, long executionId, String digest) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement up = c.prepareStatement("UPDATE BRAID.EXECUTION_PARAMS SET RUN_ID = ?, DIGEST = ? WHERE EXECUTION_ID = ?")) {
            up.setLong(1, runId);
            up.setString(2, digest);
            up.setLong(3, executionId);
            if (up.executeUpdate() == 0) {
                try (PreparedStatement in = c.prepareStatement(
                        "INSERT INTO BRAID.EXECUTION_PARAMS (EXECUTION_ID, RUN_ID, DIGEST) VALUES (?, ?, ?)")) {
                    in.setLong(1, executionId);
                    in.setLong(2, runId);
                    in.setString(3, digest);
                    in.executeUpdate();
                }
            }
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the parameters of job execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    /** The digest of the parameters the execution began with, if it is an execution of this run that has not ended. */
    public Optional<String> parameters(long runId, long executionId) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DIGEST FROM BRAID.EXECUTION_PARAMS WHERE EXECUTION_ID = ? AND RUN_ID = ?")) {
            s.setLong(1, executionId);
            s.setLong(2, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the parameters of job execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims a partition index of a task for an execution: true for its first start, false if it was claimed before
     * (the insert of a primary key is atomic on every database, also between servers).
     */
    public boolean claim(long executionId, String task, int part) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement in = c.prepareStatement("INSERT INTO BRAID.PARTITION_CLAIM "
                     + "(EXECUTION_ID, TASK_ID, PART, SERVER_ID, CLAIMED_AT) VALUES (?, ?, ?, ?, ?)")) {
            in.setLong(1, executionId);
            in.setString(2, task);
            in.setInt(3, part);
            in.setString(4, Owner.current(ConfigValues.current().raw("braid.server.id")).id());
            in.setLong(5, System.currentTimeMillis());
            in.executeUpdate();
            commit(c);
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) { // integrity: the row is there
                return false;
            }
            throw new IllegalStateException("cannot claim partition " + part + " of task " + task + ": " + e.getMessage(), e);
        }
    }

    /** The execution ended: its claims and parameters go (a later message for it finds nothing and is refused). */
    public void ended(long executionId) {
        try (Connection c = database.dataSource().getConnection()) {
            for (String table : new String[] {"PARTITION_CLAIM", "EXECUTION_PARAMS"}) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM BRAID." + table + " WHERE EXECUTION_ID = ?")) {
                    d.setLong(1, executionId);
                    d.executeUpdate();
                }
            }
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget the claims of job execution " + executionId + ": " + e.getMessage(), e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
