package io.braid.gate;

import io.braid.db.Database;
import io.braid.job.ClaimSpec;
import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.Priority;
import io.braid.model.RateLimit;
import io.braid.runs.TaskStatus;
import io.braid.testing.ManualTicker;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-wide scheduler on the in-JVM ledger, with real threads and a ticker the test moves. */
@Tag("unit")
class SchedulerTest {
    private static final LockRef X = new LockRef("x", LockRef.Mode.EXCLUSIVE);
    private static final LockRef X_SHARED = new LockRef("x", LockRef.Mode.SHARED);
    private static final LockRef Y = new LockRef("y", LockRef.Mode.EXCLUSIVE);

    /** Last waiting reason reported per run:task. */
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final ManualTicker ticker = new ManualTicker();

    private Scheduler scheduler(ResourceLedger ledger, int serverCap, Duration aging) {
        return new Scheduler(ledger, () -> serverCap, Duration.ZERO, aging, ticker, Clock.systemUTC());
    }

    private LocalLedger ledger(GroupSpec... serverGroups) {
        return ledger(Duration.ofSeconds(30), serverGroups);
    }

    private LocalLedger ledger(Duration lease, GroupSpec... serverGroups) {
        return new LocalLedger(List.of(serverGroups), lease, ticker, Clock.systemUTC());
    }

    /** A run of independent tasks with the given ranks and claims. */
    private RunGate run(long id, int cap, List<String> tasks, Map<String, RunGate.Rank> ranks,
                        Map<String, ClaimSpec> claims) {
        Map<String, List<String>> dag = new LinkedHashMap<>();
        tasks.forEach(t -> dag.put(t, List.of()));
        return new RunGate(id, "w" + id, dag, cap, Map.of(), ranks, claims, false, ticker); // the scheduler's time
    }

    private CompletableFuture<Optional<Instant>> acquire(Scheduler s, RunGate run, String task) throws InterruptedException {
        String key = run.runId() + ":" + task;
        CompletableFuture<Optional<Instant>> f = CompletableFuture.supplyAsync(() -> {
            try {
                return s.acquire(run, task, () -> false, reason -> reasons.put(key, reason));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> f.isDone() || reasons.containsKey(key));
        return f;
    }

    private static void granted(CompletableFuture<Optional<Instant>> f) throws Exception {
        assertTrue(f.get(5, TimeUnit.SECONDS).isPresent(), "granted");
    }

    @Test
    void aFreedSlotGoesToHigherPriorityThenLongerRemainingPathThenArrival() throws Exception {
        Map<String, RunGate.Rank> ranks = Map.of("holder", new RunGate.Rank(Priority.NORMAL, 0),
                "shortA", new RunGate.Rank(Priority.NORMAL, 100), "longB", new RunGate.Rank(Priority.NORMAL, 900),
                "shortC", new RunGate.Rank(Priority.NORMAL, 100), "urgentD", new RunGate.Rank(Priority.HIGH, 10));
        RunGate run = run(1, 1, List.of("holder", "shortA", "longB", "shortC", "urgentD"), ranks, Map.of());
        Scheduler s = scheduler(ledger(), 0, Duration.ofHours(1));
        s.register(run, List.of());
        granted(acquire(s, run, "holder"));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (String t : List.of("shortA", "longB", "shortC", "urgentD")) {
            CompletableFuture<Optional<Instant>> f = acquire(s, run, t);
            assertEquals("run cap", reasons.get("1:" + t));
            all.add(f.thenAccept(g -> {
                order.add(t);
                s.release(1, t);
            }));
        }
        s.release(1, "holder");
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("urgentD", "longB", "shortA", "shortC"), order);
    }

    /** A wall clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aTaskGrantedByTheLedgerRecordsItsStartNoEarlierThanTheGrant() throws Exception {
        // the ledger counts a rate window from the moment it grants; a dispatch pass that asks it later than the pass
        // began must not record the task's start at the pass's beginning, or two windows of recorded starts overlap
        MovingClock clock = new MovingClock();
        LocalLedger local = new LocalLedger(List.of(new GroupSpec("db", 1, Optional.empty())), Duration.ofSeconds(30), ticker, clock);
        List<Instant> grantedAt = Collections.synchronizedList(new ArrayList<>());
        ResourceLedger slow = new ResourceLedger() { // takes 7 ms of wall time to answer, as a busy pass or database does
            @Override
            public void defineGroups(long runId, Collection<GroupSpec> groups) {
                local.defineGroups(runId, groups);
            }

            @Override
            public Acquisition tryAcquire(ResourceRequest request) {
                clock.advance(Duration.ofMillis(7));
                Acquisition a = local.tryAcquire(request);
                if (a.isGranted()) {
                    grantedAt.add(clock.instant());
                }
                return a;
            }

            @Override
            public void release(long runId, String task) {
                local.release(runId, task);
            }

            @Override
            public void releaseRun(long runId) {
                local.releaseRun(runId);
            }

            @Override
            public Set<Holder> renew(Map<Holder, Long> tokens) {
                return local.renew(tokens);
            }

            @Override
            public Snapshot snapshot() {
                return local.snapshot();
            }
        };
        Scheduler s = new Scheduler(slow, () -> 0, Duration.ZERO, Duration.ofHours(1), ticker, clock);
        RunGate run = run(1, 5, List.of("a"), Map.of(), Map.of("a", new ClaimSpec("db", List.of())));
        s.register(run, List.of());
        Instant started = acquire(s, run, "a").get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(List.of(started), grantedAt, "the recorded start is the ledger's grant, not the pass's beginning");
    }

    @Test
    void theServerCapHoldsAcrossRuns() throws Exception {
        Scheduler s = scheduler(ledger(), 2, Duration.ofHours(1));
        RunGate a = run(1, 5, List.of("a1", "a2"), Map.of(), Map.of());
        RunGate b = run(2, 5, List.of("b1"), Map.of(), Map.of());
        s.register(a, List.of());
        s.register(b, List.of());
        granted(acquire(s, a, "a1"));
        granted(acquire(s, b, "b1"));
        CompletableFuture<Optional<Instant>> third = acquire(s, a, "a2");
        assertEquals("server cap", reasons.get("1:a2"));
        assertEquals(2, s.view().running());
        s.release(2, "b1");
        granted(third);
    }

    @Test
    void aGroupIsOneLimitAcrossRunsAndTheServerDefinitionWins() throws Exception {
        LocalLedger ledger = ledger(new GroupSpec("db", 1, Optional.empty()));
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        ClaimSpec api = new ClaimSpec("api", List.of());
        ClaimSpec db = new ClaimSpec("db", List.of());
        RunGate a = run(1, 10, List.of("a1", "a2", "a3"), Map.of(), Map.of("a1", api, "a2", api, "a3", db));
        RunGate b = run(2, 10, List.of("b1", "b2"), Map.of(), Map.of("b1", api, "b2", db));
        s.register(a, List.of(new GroupSpec("api", 3, Optional.empty()), new GroupSpec("db", 5, Optional.empty())));
        s.register(b, List.of(new GroupSpec("api", 2, Optional.empty())));
        granted(acquire(s, a, "a1"));
        granted(acquire(s, b, "b1"));
        CompletableFuture<Optional<Instant>> a2 = acquire(s, a, "a2");
        assertEquals("group api", reasons.get("1:a2"), "the lowest maxConcurrent of the running workflows applies");
        granted(acquire(s, a, "a3"));
        CompletableFuture<Optional<Instant>> b2 = acquire(s, b, "b2");
        assertEquals("group db", reasons.get("2:b2"), "the server-wide definition (1) wins over the workflow's (5)");
        ResourceLedger.GroupState dbState = ledger.snapshot().groups().stream()
                .filter(g -> g.name().equals("db")).findFirst().orElseThrow();
        assertEquals("server", dbState.source());
        assertEquals(1, dbState.maxConcurrent());
        s.release(2, "b1");
        granted(a2);
        s.release(1, "a3");
        granted(b2);
    }

    @Test
    void sharedHoldersCoexistAndAWaitingExclusiveHolderIsNotOvertaken() throws Exception {
        Scheduler s = scheduler(ledger(), 0, Duration.ofHours(1));
        ClaimSpec read = new ClaimSpec(null, List.of(X_SHARED));
        RunGate run = run(1, 10, List.of("r1", "r2", "w", "r3"), Map.of(),
                Map.of("r1", read, "r2", read, "r3", read, "w", new ClaimSpec(null, List.of(X))));
        s.register(run, List.of());
        granted(acquire(s, run, "r1"));
        granted(acquire(s, run, "r2"));
        CompletableFuture<Optional<Instant>> writer = acquire(s, run, "w");
        assertEquals("lock x", reasons.get("1:w"));
        CompletableFuture<Optional<Instant>> lateReader = acquire(s, run, "r3");
        assertEquals("lock x", reasons.get("1:r3"), "a reader arriving after a waiting writer waits behind it");
        s.release(1, "r1");
        assertFalse(writer.isDone());
        s.release(1, "r2");
        granted(writer);
        assertFalse(lateReader.isDone(), "the writer holds x exclusively");
        s.release(1, "w");
        granted(lateReader);
    }

    @Test
    void severalLocksAreTakenAllAtOnceOrNotAtAll() throws Exception {
        LocalLedger ledger = ledger();
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        RunGate run = run(1, 10, List.of("holdsY", "needsXY"), Map.of(),
                Map.of("holdsY", new ClaimSpec(null, List.of(Y)), "needsXY", new ClaimSpec(null, List.of(X, Y))));
        s.register(run, List.of());
        granted(acquire(s, run, "holdsY"));
        CompletableFuture<Optional<Instant>> both = acquire(s, run, "needsXY");
        assertEquals("lock y", reasons.get("1:needsXY"));
        assertEquals(List.of("y"), ledger.snapshot().locks().stream().map(ResourceLedger.LockState::name).toList(),
                "x is not held while y is missing");
        s.release(1, "holdsY");
        granted(both);
        assertEquals(List.of("x", "y"), ledger.snapshot().locks().stream().map(ResourceLedger.LockState::name).toList());
    }

    @Test
    void aLeaseWhoseHolderStoppedRenewingIsReclaimed() throws Exception {
        LocalLedger ledger = ledger(Duration.ofMillis(300));
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        // a holder on "another server" (or a run that died) that never renews
        assertTrue(ledger.tryAcquire(new ResourceRequest(99, "ghost", null, List.of(X))).isGranted());
        RunGate run = run(1, 10, List.of("t"), Map.of(), Map.of("t", new ClaimSpec(null, List.of(X))));
        s.register(run, List.of());
        CompletableFuture<Optional<Instant>> t = acquire(s, run, "t");
        assertEquals("lock x", reasons.get("1:t"));
        ticker.advance(Duration.ofMillis(299));
        s.poke();
        assertFalse(t.isDone(), "the ghost's lease has 1 ms left");
        ticker.advance(Duration.ofMillis(1));
        s.poke();
        granted(t);
    }

    @Test
    void theHeartbeatKeepsALocalHoldersLeaseAlive() throws Exception {
        LocalLedger ledger = ledger(Duration.ofMillis(200));
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        RunGate run = run(1, 10, List.of("holder", "next"), Map.of(),
                Map.of("holder", new ClaimSpec(null, List.of(X)), "next", new ClaimSpec(null, List.of(X))));
        s.register(run, List.of());
        granted(acquire(s, run, "holder"));
        CompletableFuture<Optional<Instant>> next = acquire(s, run, "next");
        for (int i = 0; i < 8; i++) { // 560 ms: well past one lease
            ticker.advance(Duration.ofMillis(70));
            s.heartbeat();
        }
        assertFalse(next.isDone(), "a renewed lease does not expire");
        assertFalse(run.cancelRequested("holder"), "nor is its holder told it lost it");
        s.release(1, "holder");
        granted(next);
    }

    @Test
    void aHolderWhoseRenewalCameTooLateIsStoppedAndAnotherMayHoldTheLock() throws Exception {
        LocalLedger ledger = ledger(Duration.ofMillis(200));
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        RunGate run = run(1, 10, List.of("holder", "next"), Map.of(),
                Map.of("holder", new ClaimSpec(null, List.of(X)), "next", new ClaimSpec(null, List.of(X))));
        s.register(run, List.of());
        granted(acquire(s, run, "holder"));
        AtomicBoolean stopped = new AtomicBoolean();
        run.onCancel("holder", () -> stopped.set(true));
        CompletableFuture<Optional<Instant>> next = acquire(s, run, "next");
        ticker.advance(Duration.ofMillis(250)); // the heartbeat was held up (a long GC pause, a busy machine)
        s.poke();
        granted(next); // the lease ran out: the lock went to the next task
        s.heartbeat();
        assertTrue(stopped.get(), "the old holder learns it lost the lock and is stopped");
        assertEquals(Optional.of(RunGate.Interruption.LEASE_LOST), run.interruption("holder"));
    }

    @Test
    void aTaskCancelledWhileItsGrantIsDecidedDoesNotStart() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        LocalLedger real = ledger();
        ResourceLedger slow = new ResourceLedger() { // holds the grant back until the test has cancelled the task
            public void defineGroups(long runId, Collection<GroupSpec> groups) {
                real.defineGroups(runId, groups);
            }

            public Acquisition tryAcquire(ResourceRequest request) {
                asked.countDown();
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.tryAcquire(request);
            }

            public void release(long runId, String task) {
                real.release(runId, task);
            }

            public void releaseRun(long runId) {
                real.releaseRun(runId);
            }

            public Set<Holder> renew(Map<Holder, Long> tokens) {
                return real.renew(tokens);
            }

            public Snapshot snapshot() {
                return real.snapshot();
            }
        };
        Scheduler s = scheduler(slow, 0, Duration.ofHours(1));
        RunGate run = run(1, 10, List.of("t"), Map.of(), Map.of("t", new ClaimSpec(null, List.of(X))));
        s.register(run, List.of());
        CompletableFuture<Optional<Instant>> t = CompletableFuture.supplyAsync(() -> {
            try {
                return s.acquire(run, "t", () -> false, r -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(asked.await(5, TimeUnit.SECONDS), "the scheduler asks the ledger");
        assertEquals(RunGate.Cancel.CANCELLED, run.cancel("t").outcome(), "cancelled between the end check and the grant");
        answer.countDown();
        assertEquals(Optional.empty(), t.get(5, TimeUnit.SECONDS), "it does not start");
        assertEquals(TaskStatus.CANCELLED, run.status("t"), "and stays CANCELLED, not RUNNING");
        assertEquals(0, s.view().running());
        assertEquals(List.of(), real.snapshot().locks(), "the lock it was about to get was given back");
    }

    @Test
    void aWaitingTasksPriorityRisesWithItsWait() throws Exception {
        Scheduler s = scheduler(ledger(), 0, Duration.ofMillis(40));
        RunGate run = run(1, 1, List.of("holder", "old", "urgent"), Map.of(
                "old", new RunGate.Rank(Priority.LOW, 0), "urgent", new RunGate.Rank(Priority.CRITICAL, 0)), Map.of());
        s.register(run, List.of());
        granted(acquire(s, run, "holder"));
        CompletableFuture<Optional<Instant>> old = acquire(s, run, "old");
        ticker.advance(Duration.ofMillis(200)); // 5 aging steps: low -> critical
        CompletableFuture<Optional<Instant>> urgent = acquire(s, run, "urgent");
        s.release(1, "holder");
        granted(old);
        assertFalse(urgent.isDone(), "the aged task went first; the cap is 1");
        s.release(1, "old");
        granted(urgent);
    }

    @Test
    void aRateLimitedGroupWaitsForItsWindow() throws Exception {
        LocalLedger ledger = ledger(new GroupSpec("api", 0, RateLimit.parse("2/300ms")));
        Scheduler s = scheduler(ledger, 0, Duration.ofHours(1));
        ClaimSpec api = new ClaimSpec("api", List.of());
        RunGate run = run(1, 10, List.of("a", "b", "c"), Map.of(), Map.of("a", api, "b", api, "c", api));
        s.register(run, List.of());
        granted(acquire(s, run, "a"));
        granted(acquire(s, run, "b"));
        s.release(1, "a");
        s.release(1, "b"); // ending frees no rate token: starts count, not running tasks
        CompletableFuture<Optional<Instant>> c = acquire(s, run, "c");
        assertEquals("rate api", reasons.get("1:c"));
        ticker.advance(Duration.ofMillis(300));
        s.poke();
        assertFalse(c.isDone(), "the window is 300 ms, counted 1 ms longer for millisecond records");
        ticker.advance(Duration.ofMillis(1));
        s.poke();
        granted(c);
    }

    @Test
    void aStoppingRunGetsNothing() throws Exception {
        Scheduler s = scheduler(ledger(), 0, Duration.ofHours(1));
        RunGate run = run(1, 1, List.of("a", "b"), Map.of(), Map.of());
        s.register(run, List.of());
        granted(acquire(s, run, "a"));
        CompletableFuture<Optional<Instant>> b = acquire(s, run, "b");
        run.stop();
        assertEquals(Optional.empty(), b.get(5, TimeUnit.SECONDS));
        s.unregister(1);
        assertEquals(0, s.view().running(), "unregistering a run releases what it held");
    }

    @Test
    void livenessReportsTheHeartbeatsAgeAndNoStuckTaskWhileEveryWaiterHasAReason() throws Exception {
        Scheduler s = scheduler(ledger(), 0, Duration.ofHours(1));
        RunGate run = run(1, 1, List.of("a", "b"), Map.of(), Map.of());
        s.register(run, List.of());
        granted(acquire(s, run, "a"));
        CompletableFuture<Optional<Instant>> b = acquire(s, run, "b");
        ticker.advance(Duration.ofMillis(30));
        Scheduler.Liveness before = s.liveness(Duration.ZERO);
        assertEquals(30, before.sinceHeartbeat().toMillis(), before.toString());
        assertEquals(List.of(), before.stuck(), "b waits for the run cap: a known reason");
        s.heartbeat();
        assertEquals(0, s.liveness(Duration.ZERO).sinceHeartbeat().toMillis());
        s.release(1, "a");
        granted(b);
    }

    @Test
    void withAClusterCapEveryTaskTakesASlotOfItFromTheDatabaseLedger() throws Exception {
        JdbcConnectionPool db = JdbcConnectionPool.create("jdbc:h2:mem:braid_ledger_scheduler_" + System.nanoTime()
                + ";MODE=LEGACY;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1", "sa", "");
        try {
            Database.migrate(db);
            JdbcLedger here = new JdbcLedger(db, List.of(), Duration.ofMinutes(1), Duration.ofMillis(200), 1, "here");
            JdbcLedger otherServer = new JdbcLedger(db, List.of(), Duration.ofMinutes(1), Duration.ofMillis(200), 1, "there");
            assertTrue(otherServer.tryAcquire(new ResourceRequest(99, "elsewhere", null, List.of())).isGranted());
            Scheduler s = scheduler(here, 0, Duration.ofHours(1));
            RunGate run = run(1, 10, List.of("plain", "later"), Map.of("later", new RunGate.Rank(Priority.LOW, 0)), Map.of());
            s.register(run, List.of());
            CompletableFuture<Optional<Instant>> plain = acquire(s, run, "plain");
            assertEquals("cluster cap", reasons.get("1:plain"), "a task with no group or lock still asks the ledger");
            CompletableFuture<Optional<Instant>> later = acquire(s, run, "later");
            assertEquals("cluster cap", reasons.get("1:later"));
            otherServer.release(99, "elsewhere"); // no signal reaches this server: it asks again on its poll
            ticker.advance(Duration.ofMillis(200));
            s.poke();
            granted(plain);
            assertFalse(later.isDone(), "the cap is 1 across both servers");
            assertEquals(List.of(new ResourceLedger.Holder(1, "plain")), s.heartbeat(), "its lease is renewed, not lost");
            s.release(1, "plain");
            granted(later);
        } finally {
            db.dispose();
        }
    }
}
