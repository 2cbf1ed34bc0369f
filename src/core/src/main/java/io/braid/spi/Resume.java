package io.braid.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Durable progress of a task that works through its input in pieces (e.g. chunks of a file), kept per task and
 * fan-out partition across attempts, executions and crashes, so that a retry or a restart continues after the
 * last piece that was committed: no input lost, none done twice.
 */
public interface Resume {

    /** The position saved by earlier attempts or executions (0 at first). */
    long position();

    /** The running total saved with the position (e.g. rows written so far). */
    long total();

    /**
     * Saves a new position together with the work of the piece: on {@code connection}, inside its transaction,
     * so both are committed or neither. The connection must come from {@link TaskContext#dataSource} with no name
     * (Braid's task database).
     *
     * @param added what the piece adds to {@link #total()}
     */
    void advance(Connection connection, long position, long added) throws SQLException;

    /** Saves a new position in a transaction of its own (for work done in another database). */
    void advance(long position, long added);

    /** Records an input that was skipped (e.g. a bad line), once per line across restarts. */
    void skipped(long line, String reason);

    /** How many inputs were skipped, in all attempts and executions. */
    long skippedCount();

    /** The first skipped inputs, by line. */
    List<Skip> skipped(int limit);

    record Skip(long line, String reason) {
    }
}
