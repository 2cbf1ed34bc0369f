package io.braid.gate;

import io.braid.db.Database;
import io.braid.gate.ResourceLedger.Acquisition;
import io.braid.gate.ResourceLedger.Holder;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;
import io.braid.testing.Postgres;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database ledger on H2 (in memory) and on the machine's PostgreSQL (skipped with one line without it). Two
 * {@link JdbcLedger}s on one database play two servers. Time is the database's: waits for a lease to run out poll the
 * ledger itself.
 */
@Tag("unit")
class JdbcLedgerTest {
    private static final LockRef X = new LockRef("x", LockRef.Mode.EXCLUSIVE);
    private static final LockRef X_SHARED = new LockRef("x", LockRef.Mode.SHARED);
    private static final LockRef Y_SHARED = new LockRef("y", LockRef.Mode.SHARED);
    private static final Duration LONG = Duration.ofMinutes(1);

    private JdbcConnectionPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.dispose();
        }
    }

    /** A new, migrated database of the kind, pooled (the hammer test opens many connections). */
    private DataSource database(String kind) {
        if (kind.equals("h2")) {
            // a lock wait longer than H2's default of 1 s is no deadlock; it must not fail the hammer test either
            pool = JdbcConnectionPool.create("jdbc:h2:mem:braid_ledger_" + System.nanoTime()
                    + ";MODE=LEGACY;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000", "sa", "");
        } else {
            Postgres.freshDatabase("braid_ledger_test");
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(Postgres.url("braid_ledger_test"));
            pg.setUser(Postgres.ADMIN);
            pool = JdbcConnectionPool.create(pg);
        }
        pool.setMaxConnections(40);
        Database.migrate(pool);
        return pool;
    }

    private static JdbcLedger ledger(DataSource ds, Duration lease, GroupSpec... serverGroups) {
        return new JdbcLedger(ds, List.of(serverGroups), lease, Duration.ofMillis(200), 0, "test");
    }

    private static ResourceRequest request(long run, String task, String group, LockRef... locks) {
        return new ResourceRequest(run, task, group, List.of(locks));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRequestGetsItsGroupSlotAndAllItsLocksOrNothing(String kind) {
        DataSource ds = database(kind);
        JdbcLedger ledger = ledger(ds, LONG);
        ledger.defineGroups(1, List.of(new GroupSpec("api", 2, Optional.empty())));
        assertTrue(ledger.tryAcquire(request(2, "b", null, X)).isGranted());

        Acquisition refused = ledger.tryAcquire(request(1, "a", "api", Y_SHARED, X));
        assertEquals("lock x", refused.blocked().reason());
        assertEquals("lock:x", refused.blocked().resource());
        assertTrue(refused.blocked().retryIn().orElseThrow().compareTo(Duration.ofMillis(200)) <= 0,
                "a release on another server sends no signal: ask again within the poll");
        ResourceLedger.Snapshot s = ledger.snapshot();
        assertEquals(List.of(), s.groups().get(0).running(), "no group slot taken by the refused request");
        assertEquals(List.of("x"), s.locks().stream().map(ResourceLedger.LockState::name).toList(), "nor lock y");

        ledger.release(2, "b");
        assertTrue(ledger.tryAcquire(request(1, "a", "api", Y_SHARED, X)).isGranted());
        assertEquals(List.of(new Holder(1, "a")), ledger.snapshot().groups().get(0).running());
        assertEquals(0, ledger.failures());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void acquiringAgainForTheSameHolderRenewsInsteadOfCountingTwice(String kind) {
        JdbcLedger ledger = ledger(database(kind), LONG, new GroupSpec("api", 1, Optional.empty()));
        long token = ledger.tryAcquire(request(1, "a", "api")).token();
        assertEquals(token, ledger.tryAcquire(request(1, "a", "api")).token(), "the same lease, the same token");
        assertEquals(1, ledger.snapshot().groups().get(0).running().size());
        Acquisition b = ledger.tryAcquire(request(1, "b", "api"));
        assertEquals("group api", b.blocked().reason());
        assertEquals(Set.of(), ledger.renew(Map.of(new Holder(1, "a"), token)), "a live lease is renewed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoServersHammeringAGroupAndALockNeverExceedTheLimitsNorDeadlock(String kind) {
        DataSource ds = database(kind);
        GroupSpec api = new GroupSpec("api", 2, Optional.empty());
        List<JdbcLedger> servers = List.of(ledger(ds, LONG, api), ledger(ds, LONG, api));
        int threadsPerServer = 8;
        int cycles = 50;
        AtomicInteger inGroup = new AtomicInteger();
        AtomicInteger holdingX = new AtomicInteger();
        AtomicInteger mostInGroup = new AtomicInteger();
        AtomicLong lastXToken = new AtomicLong();
        List<String> violations = new ArrayList<>();
        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        AtomicInteger grants = new AtomicInteger();

        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> { // a guard against a hang, not a timing claim
            ExecutorService pool = Executors.newFixedThreadPool(threadsPerServer * servers.size());
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int s = 0; s < servers.size(); s++) {
                    JdbcLedger ledger = servers.get(s);
                    for (int th = 0; th < threadsPerServer; th++) {
                        long run = 100L * (s + 1) + th;
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < cycles; i++) {
                                // three shapes, so that requests overlap in different sets of rows
                                ResourceRequest r = switch ((int) ((run + i) % 3)) {
                                    case 0 -> request(run, "t" + i, "api");
                                    case 1 -> request(run, "t" + i, "api", Y_SHARED, X);
                                    default -> request(run, "t" + i, null, X);
                                };
                                boolean x = !r.locks().isEmpty();
                                Acquisition got;
                                while (!(got = ledger.tryAcquire(r)).isGranted()) {
                                    Thread.sleep(1); // backing off only
                                }
                                grants.incrementAndGet();
                                synchronized (violations) {
                                    if (!tokens.add(got.token())) {
                                        violations.add("token " + got.token() + " granted twice");
                                    }
                                }
                                if (r.group() != null) {
                                    int n = inGroup.incrementAndGet();
                                    mostInGroup.accumulateAndGet(n, Math::max);
                                    if (n > 2) {
                                        synchronized (violations) {
                                            violations.add(n + " in group api");
                                        }
                                    }
                                }
                                if (x) {
                                    int n = holdingX.incrementAndGet();
                                    long previous = lastXToken.getAndSet(got.token());
                                    if (n > 1 || got.token() <= previous) {
                                        synchronized (violations) {
                                            violations.add(n + " holding x, token " + got.token() + " after " + previous);
                                        }
                                    }
                                }
                                Thread.onSpinWait();
                                if (x) {
                                    holdingX.decrementAndGet();
                                }
                                if (r.group() != null) {
                                    inGroup.decrementAndGet();
                                }
                                ledger.release(r.runId(), r.task());
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> f : done) {
                    f.get(); // an exception in a thread fails the test here
                }
            } finally {
                pool.shutdownNow();
            }
        });
        assertEquals(List.of(), violations);
        assertEquals(threadsPerServer * servers.size() * cycles, grants.get());
        assertTrue(mostInGroup.get() >= 1);
        assertEquals(0, servers.get(0).failures() + servers.get(1).failures(), "no database error (deadlock, lock timeout)");
        assertEquals(List.of(), servers.get(0).snapshot().locks(), "everything released");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fencingTokensGrowAcrossServers(String kind) {
        DataSource ds = database(kind);
        JdbcLedger a = ledger(ds, LONG);
        JdbcLedger b = ledger(ds, LONG);
        long last = 0;
        for (int i = 0; i < 6; i++) {
            JdbcLedger server = i % 2 == 0 ? a : b;
            long token = server.tryAcquire(request(1, "t" + i, null, X)).token();
            assertTrue(token > last, "token " + token + " after " + last);
            last = token;
            server.release(1, "t" + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aCrashedServersLeaseRunsOutOnTheDatabaseClockAndAnotherServerTakesOver(String kind) {
        DataSource ds = database(kind);
        GroupSpec api = new GroupSpec("api", 1, Optional.empty());
        JdbcLedger crashed = ledger(ds, Duration.ofMillis(300), api);
        JdbcLedger other = ledger(ds, LONG, api);
        Holder a = new Holder(1, "a");
        long tokenA = crashed.tryAcquire(request(1, "a", "api", X)).token();
        assertFalse(other.tryAcquire(request(2, "b", "api", X)).isGranted(), "held by the first server");

        // the first server renews no more; the other asks until the database's clock passes the lease
        AtomicLong tokenB = new AtomicLong();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Acquisition got = other.tryAcquire(request(2, "b", "api", X));
            tokenB.set(got.token());
            return got.isGranted();
        });
        assertTrue(tokenB.get() > tokenA, "fencing: the later holder's token is larger");
        assertEquals(Set.of(a), crashed.renew(Map.of(a, tokenA)), "the old holder learns that it lost its lease");
        ResourceLedger.Snapshot s = other.snapshot();
        assertEquals(List.of(new Holder(2, "b")), s.groups().get(0).running());
        assertEquals(List.of(2L), s.locks().get(0).holders().stream().map(ResourceLedger.LockHolder::runId).toList());
        crashed.release(1, "a"); // a late release of the old holder frees nothing of the new one's
        assertEquals(1, other.snapshot().locks().get(0).holders().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRateWindowCountsTheStartsOfEveryServer(String kind) {
        DataSource ds = database(kind);
        JdbcLedger a = ledger(ds, LONG);
        JdbcLedger b = ledger(ds, LONG);
        a.defineGroups(1, List.of(new GroupSpec("api", 0, RateLimit.parse("3/1m")))); // run 1 declared it on a
        assertTrue(a.tryAcquire(request(1, "a", "api")).isGranted());
        assertTrue(b.tryAcquire(request(2, "b", "api")).isGranted());
        a.release(1, "a"); // ending frees the slot, not the start
        assertTrue(b.tryAcquire(request(2, "c", "api")).isGranted());
        for (JdbcLedger server : List.of(a, b)) {
            ResourceLedger.Blocked blocked = server.tryAcquire(request(3, "d", "api")).blocked();
            assertEquals("rate api", blocked.reason());
            assertEquals("rate:api", blocked.resource());
            assertTrue(blocked.retryIn().orElseThrow().compareTo(Duration.ofMillis(200)) <= 0, "capped by the poll");
        }
        ResourceLedger.GroupState api = b.snapshot().groups().get(0);
        assertEquals(List.of("3/1m"), api.rate());
        assertEquals("workflow", api.source());
        assertEquals(3, api.startsInWindow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aShortRateWindowOpensAgainOnTheDatabaseClock(String kind) {
        JdbcLedger ledger = ledger(database(kind), LONG, new GroupSpec("api", 0, RateLimit.parse("1/500ms")));
        assertTrue(ledger.tryAcquire(request(1, "a", "api")).isGranted());
        assertFalse(ledger.tryAcquire(request(1, "b", "api")).isGranted());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> ledger.tryAcquire(request(1, "b", "api")).isGranted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theSnapshotShowsGroupsAndLocksWithTheirHoldersAndReleaseRunFreesEverything(String kind) {
        DataSource ds = database(kind);
        JdbcLedger a = ledger(ds, LONG, new GroupSpec("erp", 4, Optional.empty()));
        JdbcLedger b = ledger(ds, LONG);
        b.defineGroups(7, List.of(new GroupSpec("api", 2, Optional.empty())));
        b.defineGroups(8, List.of(new GroupSpec("api", 3, RateLimit.parse("10/1m"))));
        assertTrue(a.tryAcquire(request(7, "a", "api", X_SHARED)).isGranted());
        assertTrue(b.tryAcquire(request(8, "b", "api", X_SHARED)).isGranted());
        assertTrue(b.tryAcquire(request(8, "c", "erp")).isGranted(), "erp is a's server group only; b knows no limit");

        ResourceLedger.Snapshot s = a.snapshot();
        assertEquals(List.of("erp", "api"), s.groups().stream().map(ResourceLedger.GroupState::name).toList());
        ResourceLedger.GroupState api = s.groups().get(1);
        assertEquals(2, api.maxConcurrent(), "the lowest of the registered runs' definitions");
        assertEquals(List.of("10/1m"), api.rate());
        assertEquals(List.of(new Holder(7, "a"), new Holder(8, "b")), api.running());
        assertEquals("server", s.groups().get(0).source());
        assertEquals(List.of(new Holder(8, "c")), s.groups().get(0).running());
        ResourceLedger.LockState x = s.locks().get(0);
        assertEquals("x", x.name());
        assertEquals(List.of("shared", "shared"), x.holders().stream().map(ResourceLedger.LockHolder::mode).toList());
        assertTrue(x.holders().get(0).leaseExpires().isAfter(x.holders().get(0).leaseExpires().minus(LONG)));
        assertFalse(a.tryAcquire(request(9, "d", "api", X)).isGranted(), "group full");

        b.releaseRun(8);
        b.releaseRun(7);
        ResourceLedger.Snapshot after = a.snapshot();
        assertEquals(List.of(), after.locks());
        assertEquals(List.of("erp"), after.groups().stream().map(ResourceLedger.GroupState::name).toList(),
                "the runs' definitions are forgotten");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aClusterCapCountsEveryTaskOfEveryServer(String kind) {
        DataSource ds = database(kind);
        JdbcLedger a = new JdbcLedger(ds, List.of(), LONG, Duration.ofMillis(200), 2, "a");
        JdbcLedger b = new JdbcLedger(ds, List.of(), LONG, Duration.ofMillis(200), 2, "b");
        ResourceRequest plain = request(1, "a", null);
        assertFalse(plain.needsLedger());
        assertTrue(a.needs(plain), "with a cluster cap every task asks the ledger");
        assertFalse(ledger(ds, LONG).needs(plain));
        assertTrue(a.tryAcquire(plain).isGranted());
        assertTrue(b.tryAcquire(request(2, "b", null, X)).isGranted());
        ResourceLedger.Blocked blocked = b.tryAcquire(request(2, "c", null)).blocked();
        assertEquals("cluster cap", blocked.reason());
        assertEquals(ResourceLedger.CLUSTER, blocked.resource());
        a.release(1, "a");
        assertTrue(b.tryAcquire(request(2, "c", null)).isGranted());
    }
}
