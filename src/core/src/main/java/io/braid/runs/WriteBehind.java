package io.braid.runs;

import io.braid.db.Transient;
import io.braid.log.Messages;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The per-task record writes (a task started, waited, ended; a partition's try), applied in order by one thread,
 * as many as are waiting in one transaction. A task's step then does not wait for a commit of Braid's records
 * between its need's end and its own start: with durable commits those were most of the cost Braid added to a
 * step (docs/benchmarks.md, (c)), and a slow commit became a dependent's latency.
 *
 * <p>Nothing decides on these records: the gate keeps its state in memory and a restart reads the job repository,
 * which the batch runtime writes itself. Readers of the records see every write submitted before they read
 * ({@link #flush()}), so the API, the events and the other writes of the store keep their order. A JVM killed
 * within the few milliseconds a write waits here loses it, like the record of a task that was running; a restart
 * rewrites both from the job repository.
 *
 * <p>The writes are plain JDBC statements, prepared once per transaction: on two cores the persistence provider's
 * own work per statement cost the step threads more than the commits did.
 */
final class WriteBehind {
    private static final Logger LOG = Logger.getLogger(WriteBehind.class.getName());
    /** Writes per transaction at most: a long queue is applied in several, so a reader waits for none too long. */
    private static final int BATCH = 256;
    /** Waits between tries of a write while the database is away. */
    static final long MIN_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 2_000;
    /** Tries of a write once closing (the server stops): then it is logged and dropped. */
    private static final int CLOSING_TRIES = 3;

    /** One record write: statements on the transaction's connection. */
    @FunctionalInterface
    interface SqlWrite {
        void apply(Statements statements) throws SQLException;
    }

    /** The statements of one transaction, each prepared once however many writes use it. */
    static final class Statements {
        private final Connection connection;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        private Statements(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement sql(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        /** Runs a prepared statement with these parameters. */
        int update(String sql, Object... params) throws SQLException {
            PreparedStatement ps = sql(sql);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private record Write(long seq, SqlWrite work) {
    }

    private final Supplier<DataSource> dataSource;
    private final String threadName;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private long submitted;
    private long applied;
    private Thread thread;
    private boolean closed;

    WriteBehind(Supplier<DataSource> dataSource, String threadName) {
        this.dataSource = dataSource;
        this.threadName = threadName;
    }

    /** Queues a write; it is applied after every write submitted before it. */
    void submit(SqlWrite work) {
        synchronized (this) {
            if (closed) { // shutting down: no thread to wait for
                applyAlone(new Write(submitted, work));
                return;
            }
            if (thread == null) {
                thread = new Thread(this::drain, threadName);
                thread.setDaemon(true); // a JVM ending without close() ends; flush() first if its records matter
                thread.start();
            }
            // numbered and queued under one lock, so the queue's order is the numbers' order
            queue.add(new Write(++submitted, work));
        }
    }

    /** Waits until every write submitted before this call is applied (or failed and logged). */
    void flush() {
        if (Thread.currentThread() == thread) {
            return; // a write that reads: everything before it is applied already
        }
        synchronized (this) {
            long target = submitted;
            boolean interrupted = false;
            while (applied < target && thread != null && thread.isAlive()) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Applies what is queued and stops the thread; later writes are applied by their callers. */
    void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        flush();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    private void drain() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    synchronized (this) {
                        if (closed && queue.isEmpty()) {
                            return;
                        }
                    }
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                synchronized (this) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                }
                continue;
            }
            queue.drainTo(batch, BATCH - 1);
            apply(batch);
            synchronized (this) {
                applied = batch.get(batch.size() - 1).seq();
                notifyAll();
            }
            batch.clear();
        }
    }

    private void apply(List<Write> batch) {
        try {
            inOneTransaction(batch);
        } catch (SQLException | RuntimeException e) {
            // one bad write must not cost the others: each again, alone
            batch.forEach(this::applyAlone);
        }
    }

    /**
     * Applies one write. While the database is away ({@link Transient}) it is tried again, waiting longer each time up
     * to {@link #MAX_BACKOFF_MS}, and the writes after it wait (their order is the records' order), so a run's record
     * never ends before the records of its tasks land. A write the database refuses for good is logged and dropped.
     * Once closing, a write is tried only a few more times: a stopping server must not wait for the database.
     */
    private void applyAlone(Write write) {
        long backoff = MIN_BACKOFF_MS;
        for (int tries = 1; ; tries++) {
            try {
                inOneTransaction(List.of(write));
                if (tries > 1) {
                    int n = tries;
                    LOG.info(() -> "Braid: a run record was written after " + n + " tries: the database is back");
                }
                return;
            } catch (SQLException | RuntimeException e) {
                boolean retry = Transient.is(e) && (!isClosed() || tries < CLOSING_TRIES);
                if (!retry) {
                    Messages.RECORD_WRITE_FAILED.log(LOG, e);
                    return;
                }
                if (tries == 1) {
                    Messages.RECORD_WRITE_FAILED.log(LOG, "waiting for the database, trying again: " + e);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    if (isClosed()) {
                        Thread.currentThread().interrupt();
                    }
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void inOneTransaction(List<Write> writes) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            Statements statements = new Statements(c);
            try {
                for (Write w : writes) {
                    w.work().apply(statements);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                for (PreparedStatement ps : statements.prepared.values()) {
                    ps.close();
                }
            }
        }
    }
}
