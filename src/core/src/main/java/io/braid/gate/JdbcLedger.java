package io.braid.gate;

import io.braid.db.Dialect;
import io.braid.log.Messages;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@link ResourceLedger} in Braid's database (tables {@code LEDGER_*}, migration V11): groups, rate windows,
 * leased locks and the cluster cap hold across every server on the database. Plain JDBC, short transactions.
 *
 * <p><b>Grant.</b> {@link #tryAcquire} makes sure a row of {@code LEDGER_RESOURCE} exists for every resource the
 * request needs ({@code group:g}, {@code lock:l}, {@code cluster} when a cluster cap is set; each insert in a
 * transaction of its own, a duplicate key from a concurrent insert ignored), then in one transaction: locks those
 * rows one by one with {@code SELECT … FOR UPDATE} in sorted name order, reads the database's clock, deletes
 * (in key order) the expired leases touching them, counts live leases and recent starts, and either refuses or
 * increments the token row ({@code LEDGER_TOKEN}, always the last lock taken) and inserts the lease, its locks and
 * its start, then commits. All or none: nothing is written for a refused request but the removal of expired leases.
 *
 * <p><b>Why the database cannot deadlock.</b> Every transaction that waits for more than one row lock takes them in
 * one total order: resource rows by name, then lease rows by (run, task) (deleting a lease also takes its lock rows,
 * which belong to it alone), then the token row. A transaction never waits for a lock lower than one it holds, so no
 * cycle of waits can form. Every other statement ({@link #renew}, {@link #release}, each step of
 * {@link #releaseRun}) is a transaction of its own that touches one holder's rows, so it holds nothing while it
 * waits. Rows inserted under the locks (a new lease, its locks, a rate start) have keys no concurrent transaction
 * writes (a holder is acquired by one server, tokens are unique), and rate starts are only written under their
 * group's row lock. Isolation is READ COMMITTED (the default of H2 and PostgreSQL): every read that decides a
 * grant happens after the row locks that serialize the deciders of that resource, and each statement sees what they
 * committed.
 *
 * <p><b>Why a server cannot deadlock on connections.</b> The {@link Scheduler} calls {@link #tryAcquire},
 * {@link #release} and {@link #releaseRun} while it holds its lock, so a connection is waited for under that lock. The
 * data source given here must therefore be the ledger's alone (on Liberty {@code jdbc/braidLedger}, a pool of its own,
 * not enlisted in global transactions): its connections are held only inside this class, for a few statements that
 * wait for nothing but the database's row locks (finite, as above), never for the scheduler's lock or for another pool.
 * A thread waiting for one thus waits only for transactions that end by themselves. With a pool shared with the job
 * repository and the records, job threads holding connections while they waited for the scheduler's lock starved the
 * dispatcher that held it (both servers of a cluster stopped, issue 22). A pool that cannot give a connection within
 * its {@code connectionTimeout} makes the acquisition a refusal (reason {@code ledger database}), asked again later.
 *
 * <p><b>Time</b> is the database's, in epoch milliseconds, read after the row locks are held (on PostgreSQL
 * {@code clock_timestamp()}, because {@code CURRENT_TIMESTAMP} is the start of the transaction, before any wait for a
 * lock; H2 fixes {@code CURRENT_TIMESTAMP} when a transaction first reads it). Servers need not agree on time.
 * A crashed server stops renewing; its leases expire and the next acquirer of those resources deletes them.
 *
 * <p><b>Fencing.</b> Tokens come from the one counter row, incremented under its lock by every grant, so each is
 * larger than every token granted before it. {@link #renew} extends a lease only under its token and while it is
 * live, so a holder whose lease ran out (and may have been reclaimed) learns it.
 *
 * <p><b>Order across servers.</b> Priority and critical-path order are exact within a server (its
 * {@link Scheduler} asks for its claims best first). Across servers, grants follow the order in which requests reach
 * the row locks: a release on another server sends this one no signal, so a refusal's {@code retryIn} is at most
 * {@code poll} and every server asks again for its refused claims that often.
 *
 * <p>Server-wide groups ({@code braid.groups.*}) are this server's configuration and win over workflows' definitions,
 * as in {@link LocalLedger}: give every server of a cluster the same ones.
 */
public final class JdbcLedger implements ResourceLedger {
    private static final Logger LOG = Logger.getLogger("io.braid.task");
    /** Starts are recorded in milliseconds: a window one millisecond longer keeps every recorded window within it. */
    private static final long RECORD_PRECISION_MS = 1;
    private static final String EXCLUSIVE = LockRef.Mode.EXCLUSIVE.label();
    private static final String SHARED = LockRef.Mode.SHARED.label();

    private final DataSource ds;
    private final Map<String, GroupSpec> serverGroups;
    private final long leaseMs;
    private final long pollMs;
    private final int clusterCap;
    private final String serverId;
    /** The database's clock now, in epoch milliseconds, as read inside a transaction after its locks. */
    private final String now;
    /** Resource rows known to exist (they are never deleted): no insert attempt for them. */
    private final Set<String> knownRows = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param poll       longest {@code retryIn} of a refusal: how soon a server asks again for what another may have
     *                   released
     * @param clusterCap most tasks holding a lease at once across every server (0: none); when set, every task
     *                   attempt takes a lease
     * @param serverId   recorded with each lease, for people
     */
    public JdbcLedger(DataSource ds, Collection<GroupSpec> serverGroups, Duration leaseTime, Duration poll,
                      int clusterCap, String serverId) {
        this.ds = ds;
        Map<String, GroupSpec> m = new LinkedHashMap<>();
        serverGroups.forEach(g -> m.put(g.name(), g));
        this.serverGroups = Map.copyOf(m);
        this.leaseMs = Math.max(1, leaseTime.toMillis());
        this.pollMs = Math.max(1, poll.toMillis());
        this.clusterCap = clusterCap;
        this.serverId = serverId;
        this.now = "CAST(EXTRACT(EPOCH FROM " + (Dialect.of(ds) == Dialect.POSTGRESQL ? "clock_timestamp()" : "CURRENT_TIMESTAMP")
                + ") * 1000 AS BIGINT)";
    }

    /** Calls that failed on the database (each logged; a failed acquisition is a refusal). */
    public long failures() {
        return failures.get();
    }

    @Override
    public boolean needs(ResourceRequest request) {
        return clusterCap > 0 || request.needsLedger();
    }

    @Override
    public void defineGroups(long runId, Collection<GroupSpec> groups) {
        try {
            transaction(c -> {
                update(c, "DELETE FROM BRAID.LEDGER_GROUP_DEF WHERE RUN_ID = ?", runId);
                for (GroupSpec g : groups) {
                    update(c, "INSERT INTO BRAID.LEDGER_GROUP_DEF (RUN_ID, GROUP_NAME, MAX_CONCURRENT, RATE_STARTS, RATE_WINDOW_MS) "
                                    + "VALUES (?, ?, ?, ?, ?)", runId, g.name(), g.maxConcurrent(),
                            Null.or(g.rate().map(RateLimit::starts).orElse(null), Types.INTEGER),
                            Null.or(g.rate().map(r -> r.window().toMillis()).orElse(null), Types.BIGINT));
                }
                return null;
            });
        } catch (SQLException e) {
            throw failed("defining the groups of run " + runId, e);
        }
    }

    @Override
    public Acquisition tryAcquire(ResourceRequest r) {
        TreeSet<String> names = new TreeSet<>(); // the one global lock order
        if (r.group() != null) {
            names.add("group:" + r.group());
        }
        r.locks().forEach(l -> names.add("lock:" + l.name()));
        if (clusterCap > 0) {
            names.add(CLUSTER);
        }
        try {
            ensureRows(names);
            return transaction(c -> acquire(c, r, names));
        } catch (SQLException e) {
            failed("acquiring for run " + r.runId() + " task " + r.task(), e);
            return Acquisition.refused(new Blocked("ledger database", "ledger", Optional.of(Duration.ofMillis(pollMs))));
        }
    }

    private Acquisition acquire(Connection c, ResourceRequest r, TreeSet<String> names) throws SQLException {
        for (String name : names) {
            try (PreparedStatement st = c.prepareStatement("SELECT NAME FROM BRAID.LEDGER_RESOURCE WHERE NAME = ? FOR UPDATE")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                }
            }
        }
        long t = single(c, "SELECT " + now, List.of()).orElseThrow();
        Optional<Long> held = single(c, "SELECT TOKEN FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? AND TASK_ID = ? AND EXPIRES_AT > ?",
                List.of(r.runId(), r.task(), t));
        if (held.isPresent()) { // the same holder again: renew, do not count twice
            update(c, "UPDATE BRAID.LEDGER_LEASE SET EXPIRES_AT = ? WHERE RUN_ID = ? AND TASK_ID = ?", t + leaseMs, r.runId(), r.task());
            return Acquisition.granted(held.get());
        }
        deleteExpired(c, r, t);
        if (clusterCap > 0) {
            List<Long> live = longs(c, "SELECT EXPIRES_AT FROM BRAID.LEDGER_LEASE WHERE EXPIRES_AT > ?", List.of(t));
            if (live.size() >= clusterCap) {
                return Acquisition.refused(new Blocked("cluster cap", CLUSTER, retry(earliest(live) - t)));
            }
        }
        String group = r.group();
        List<RateLimit> rates = List.of();
        if (group != null) {
            Limits limits = limits(c, group);
            rates = limits.rates();
            if (limits.maxConcurrent() > 0) {
                List<Long> in = longs(c, "SELECT EXPIRES_AT FROM BRAID.LEDGER_LEASE WHERE GROUP_NAME = ? AND EXPIRES_AT > ?",
                        List.of(group, t));
                if (in.size() >= limits.maxConcurrent()) {
                    return Acquisition.refused(new Blocked("group " + group, "group:" + group, retry(earliest(in) - t)));
                }
            }
            for (RateLimit rate : rates) {
                long window = rate.window().toMillis() + RECORD_PRECISION_MS;
                List<Long> in = longs(c, "SELECT STARTED_AT FROM BRAID.LEDGER_RATE_START WHERE GROUP_NAME = ? AND STARTED_AT > ? "
                        + "ORDER BY STARTED_AT", List.of(group, t - window));
                if (in.size() >= rate.starts()) {
                    // the window admits a start again once enough of the starts in it have aged out
                    return Acquisition.refused(new Blocked("rate " + group, "rate:" + group,
                            retry(in.get(in.size() - rate.starts()) + window - t)));
                }
            }
        }
        for (LockRef lock : r.locks()) {
            List<Long> conflicting = longs(c, "SELECT L.EXPIRES_AT FROM BRAID.LEDGER_LEASE_LOCK K JOIN BRAID.LEDGER_LEASE L "
                            + "ON L.RUN_ID = K.RUN_ID AND L.TASK_ID = K.TASK_ID WHERE K.LOCK_NAME = ? AND L.EXPIRES_AT > ?"
                            + (lock.shared() ? " AND K.LOCK_MODE = '" + EXCLUSIVE + "'" : ""),
                    List.of(lock.name(), t));
            if (!conflicting.isEmpty()) {
                return Acquisition.refused(new Blocked("lock " + lock.name(), "lock:" + lock.name(), retry(earliest(conflicting) - t)));
            }
        }
        if (!rates.isEmpty()) { // starts older than every window of the group are of no use any more
            long longest = rates.stream().mapToLong(x -> x.window().toMillis()).max().orElse(0) + RECORD_PRECISION_MS;
            update(c, "DELETE FROM BRAID.LEDGER_RATE_START WHERE GROUP_NAME = ? AND STARTED_AT <= ?", group, t - longest);
        }
        // the token row last: held only from here to the commit
        update(c, "UPDATE BRAID.LEDGER_TOKEN SET LAST_TOKEN = LAST_TOKEN + 1 WHERE ID = 1");
        long token = single(c, "SELECT LAST_TOKEN FROM BRAID.LEDGER_TOKEN WHERE ID = 1", List.of()).orElseThrow();
        update(c, "INSERT INTO BRAID.LEDGER_LEASE (RUN_ID, TASK_ID, GROUP_NAME, TOKEN, GRANTED_AT, EXPIRES_AT, SERVER_ID) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", r.runId(), r.task(), Null.or(group, Types.VARCHAR), token, t, t + leaseMs,
                Null.or(serverId, Types.VARCHAR));
        for (LockRef lock : r.locks()) {
            update(c, "INSERT INTO BRAID.LEDGER_LEASE_LOCK (RUN_ID, TASK_ID, LOCK_NAME, LOCK_MODE) VALUES (?, ?, ?, ?)",
                    r.runId(), r.task(), lock.name(), lock.mode().label());
        }
        if (!rates.isEmpty()) {
            update(c, "INSERT INTO BRAID.LEDGER_RATE_START (GROUP_NAME, TOKEN, STARTED_AT) VALUES (?, ?, ?)", group, token, t);
        }
        return Acquisition.granted(token);
    }

    /**
     * Deletes the expired leases that touch the resources this transaction holds (and the holder's own), one by one
     * in key order: the lease rows come after the resource rows in the lock order, in an order of their own.
     */
    private void deleteExpired(Connection c, ResourceRequest r, long t) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT L.RUN_ID, L.TASK_ID FROM BRAID.LEDGER_LEASE L WHERE L.EXPIRES_AT <= ?");
        List<Object> args = new ArrayList<>(List.of(t));
        if (clusterCap == 0) { // with a cluster cap every lease touches the cluster row this transaction holds
            sql.append(" AND ((L.RUN_ID = ? AND L.TASK_ID = ?)");
            args.addAll(List.of(r.runId(), r.task()));
            if (r.group() != null) {
                sql.append(" OR L.GROUP_NAME = ?");
                args.add(r.group());
            }
            for (LockRef lock : r.locks()) {
                sql.append(" OR EXISTS (SELECT 1 FROM BRAID.LEDGER_LEASE_LOCK K WHERE K.RUN_ID = L.RUN_ID AND K.TASK_ID = L.TASK_ID "
                        + "AND K.LOCK_NAME = ?)");
                args.add(lock.name());
            }
            sql.append(')');
        }
        sql.append(" ORDER BY L.RUN_ID, L.TASK_ID");
        List<Holder> expired = new ArrayList<>();
        try (PreparedStatement st = prepare(c, sql.toString(), args); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                expired.add(new Holder(rs.getLong(1), rs.getString(2)));
            }
        }
        for (Holder h : expired) { // unless renewed meanwhile
            update(c, "DELETE FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? AND TASK_ID = ? AND EXPIRES_AT <= ?", h.runId(), h.task(), t);
        }
    }

    private Optional<Duration> retry(long millis) {
        return Optional.of(Duration.ofMillis(Math.max(0, Math.min(pollMs, millis))));
    }

    private static long earliest(List<Long> expiries) {
        return expiries.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public void release(long runId, String task) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            update(c, "DELETE FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? AND TASK_ID = ?", runId, task);
        } catch (SQLException e) {
            failed("releasing run " + runId + " task " + task + " (its lease runs out by itself)", e);
        }
    }

    @Override
    public void releaseRun(long runId) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true); // one holder per statement: nothing held while waiting
            List<String> tasks = new ArrayList<>();
            try (PreparedStatement st = prepare(c, "SELECT TASK_ID FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? ORDER BY TASK_ID",
                    List.of(runId)); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    tasks.add(rs.getString(1));
                }
            }
            for (String task : tasks) {
                update(c, "DELETE FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? AND TASK_ID = ?", runId, task);
            }
            update(c, "DELETE FROM BRAID.LEDGER_GROUP_DEF WHERE RUN_ID = ?", runId);
        } catch (SQLException e) {
            failed("releasing run " + runId + " (its leases run out by themselves)", e);
        }
    }

    @Override
    public Set<Holder> renew(Map<Holder, Long> tokens) {
        Set<Holder> lost = new HashSet<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true); // one holder per statement
            for (Map.Entry<Holder, Long> e : tokens.entrySet()) {
                Holder h = e.getKey();
                int renewed = update(c, "UPDATE BRAID.LEDGER_LEASE SET EXPIRES_AT = " + now + " + ? WHERE RUN_ID = ? AND TASK_ID = ? "
                        + "AND TOKEN = ? AND EXPIRES_AT > " + now, leaseMs, h.runId(), h.task(), e.getValue());
                if (renewed == 0) {
                    lost.add(h); // it ran out before this renewal: another may have been granted what it held
                    update(c, "DELETE FROM BRAID.LEDGER_LEASE WHERE RUN_ID = ? AND TASK_ID = ? AND TOKEN = ? AND EXPIRES_AT <= " + now,
                            h.runId(), h.task(), e.getValue());
                }
            }
        } catch (SQLException e) {
            throw failed("renewing leases", e);
        }
        return lost;
    }

    @Override
    public Snapshot snapshot() {
        try {
            return transaction(this::snapshot);
        } catch (SQLException e) {
            throw failed("reading the ledger", e);
        }
    }

    private Snapshot snapshot(Connection c) throws SQLException {
        long t = single(c, "SELECT " + now, List.of()).orElseThrow();
        Set<String> names = new LinkedHashSet<>(serverGroups.keySet());
        names.addAll(strings(c, "SELECT DISTINCT GROUP_NAME FROM BRAID.LEDGER_GROUP_DEF ORDER BY GROUP_NAME", List.of()));
        names.addAll(strings(c, "SELECT DISTINCT GROUP_NAME FROM BRAID.LEDGER_LEASE WHERE GROUP_NAME IS NOT NULL AND EXPIRES_AT > ? "
                + "ORDER BY GROUP_NAME", List.of(t)));
        List<GroupState> groups = new ArrayList<>();
        for (String g : names) {
            Limits limits = limits(c, g);
            List<Holder> running = new ArrayList<>();
            try (PreparedStatement st = prepare(c, "SELECT RUN_ID, TASK_ID FROM BRAID.LEDGER_LEASE WHERE GROUP_NAME = ? AND EXPIRES_AT > ? "
                    + "ORDER BY GRANTED_AT, TOKEN", List.of(g, t)); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    running.add(new Holder(rs.getLong(1), rs.getString(2)));
                }
            }
            int inWindow = 0;
            for (RateLimit rate : limits.rates()) {
                inWindow = Math.max(inWindow, longs(c, "SELECT STARTED_AT FROM BRAID.LEDGER_RATE_START WHERE GROUP_NAME = ? AND STARTED_AT > ?",
                        List.of(g, t - rate.window().toMillis())).size());
            }
            groups.add(new GroupState(g, limits.maxConcurrent(), limits.rates().stream().map(RateLimit::toString).toList(),
                    serverGroups.containsKey(g) ? "server" : "workflow", running, inWindow));
        }
        Map<String, List<LockHolder>> locks = new LinkedHashMap<>();
        try (PreparedStatement st = prepare(c, "SELECT K.LOCK_NAME, L.RUN_ID, L.TASK_ID, K.LOCK_MODE, L.EXPIRES_AT FROM BRAID.LEDGER_LEASE_LOCK K "
                + "JOIN BRAID.LEDGER_LEASE L ON L.RUN_ID = K.RUN_ID AND L.TASK_ID = K.TASK_ID WHERE L.EXPIRES_AT > ? "
                + "ORDER BY K.LOCK_NAME, L.GRANTED_AT, L.TOKEN", List.of(t)); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String mode = SHARED.equals(rs.getString(4)) ? SHARED : EXCLUSIVE;
                locks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new LockHolder(rs.getLong(2), rs.getString(3), mode, Instant.ofEpochMilli(rs.getLong(5))));
            }
        }
        List<LockState> lockStates = new ArrayList<>();
        locks.forEach((name, holders) -> lockStates.add(new LockState(name, holders)));
        return new Snapshot(groups, lockStates);
    }

    private record Limits(int maxConcurrent, List<RateLimit> rates) {
    }

    /** A server-wide definition wins; otherwise the lowest maxConcurrent and every rate of the registered runs'. */
    private Limits limits(Connection c, String group) throws SQLException {
        GroupSpec server = serverGroups.get(group);
        if (server != null) {
            return new Limits(server.maxConcurrent(), server.rate().map(List::of).orElse(List.of()));
        }
        int max = 0;
        Set<RateLimit> rates = new LinkedHashSet<>();
        try (PreparedStatement st = prepare(c, "SELECT MAX_CONCURRENT, RATE_STARTS, RATE_WINDOW_MS FROM BRAID.LEDGER_GROUP_DEF "
                + "WHERE GROUP_NAME = ? ORDER BY RUN_ID", List.of(group)); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                int m = rs.getInt(1);
                if (m > 0) {
                    max = max == 0 ? m : Math.min(max, m);
                }
                int starts = rs.getInt(2);
                if (!rs.wasNull()) {
                    rates.add(new RateLimit(starts, Duration.ofMillis(rs.getLong(3))));
                }
            }
        }
        return new Limits(max, List.copyOf(rates));
    }

    /** Inserts the resource rows not known to exist, each in a transaction of its own (so it holds nothing else). */
    private void ensureRows(Collection<String> names) throws SQLException {
        List<String> missing = names.stream().filter(n -> !knownRows.contains(n)).toList();
        if (missing.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            for (String name : missing) {
                if (single(c, "SELECT COUNT(*) FROM BRAID.LEDGER_RESOURCE WHERE NAME = ?", List.of(name)).orElse(0L) == 0) {
                    try {
                        update(c, "INSERT INTO BRAID.LEDGER_RESOURCE (NAME) VALUES (?)", name);
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState())) { // another server inserted it first: as good
                            throw e;
                        }
                    }
                }
                knownRows.add(name);
            }
        }
    }

    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(isolation);
                }
                c.setAutoCommit(auto);
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                st.setObject(i + 1, args.get(i));
            }
            return st;
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Null n) {
                    st.setNull(i + 1, n.sqlType());
                } else {
                    st.setObject(i + 1, args[i]);
                }
            }
            return st.executeUpdate();
        }
    }

    /** A null parameter with its SQL type (PostgreSQL wants one). */
    private record Null(int sqlType) {
        static Object or(Object value, int sqlType) {
            return value != null ? value : new Null(sqlType);
        }
    }

    private static Optional<Long> single(Connection c, String sql, List<?> args) throws SQLException {
        List<Long> all = longs(c, sql, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Long> longs(Connection c, String sql, List<?> args) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static List<String> strings(Connection c, String sql, List<?> args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private IllegalStateException failed(String what, SQLException e) {
        failures.incrementAndGet();
        String text = what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")";
        Messages.LEDGER_FAILED.log(LOG, text);
        return new IllegalStateException("resource ledger: " + text, e);
    }
}
