package io.braid.se;

import io.braid.gate.ResourceLedger;
import io.braid.gate.ResourceRequest;
import io.braid.model.LockRef;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import io.braid.testkit.Timeline;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups, rates, locks and caps on JBeret SE, checked from the recorded timelines (start = the instant the
 * scheduler granted the task, end = before it released what it held; both in milliseconds).
 */
@Tag("se")
class ResourceGatingTest {
    /** How much later than its grant a start may be recorded (see assertMaxStartsPerWindow). */
    private static final long RECORDING_SKEW_MS = 10;


    /** One task of the random workflow: what it claims. */
    private record Spec(String id, List<String> needs, String group, String lock, boolean shared) {
    }

    @Test
    void aRandom200TaskWorkflowKeepsEveryLimit() throws Exception {
        Random rnd = new Random(20261123);
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> needs = new ArrayList<>();
            for (int k = 0, n = rnd.nextInt(3); k < n && i > 0; k++) {
                String need = "t" + Math.max(0, i - 1 - rnd.nextInt(Math.min(i, 25)));
                if (!needs.contains(need)) {
                    needs.add(need);
                }
            }
            int g = rnd.nextInt(10);
            String group = g < 2 ? "conc" : g < 4 ? "burst" : g < 5 ? "paced" : null;
            int l = rnd.nextInt(10);
            String lock = l == 0 ? "ledger" : l < 3 ? "catalog" : null;
            specs.add(new Spec("t" + i, needs, group, lock, "catalog".equals(lock) && rnd.nextBoolean()));
        }
        StringBuilder yaml = new StringBuilder("""
                name: limits-se
                maxParallel: 8
                groups:
                  conc: { maxConcurrent: 2 }
                  burst: { maxConcurrent: 3, rate: 4/250ms }
                  paced: { ratePerSecond: 6 }
                tasks:
                """);
        for (Spec s : specs) {
            yaml.append("  - { id: ").append(s.id()).append(", type: wait, with: { duration: ")
                    .append(5 + Math.abs(s.id().hashCode()) % 11).append("ms }");
            if (!s.needs().isEmpty()) {
                yaml.append(", needs: ").append(s.needs());
            }
            if (s.group() != null) {
                yaml.append(", group: ").append(s.group());
            }
            if (s.lock() != null) {
                yaml.append(s.shared() ? ", locks: [{ name: " + s.lock() + ", mode: shared }]" : ", locks: [" + s.lock() + "]");
            }
            yaml.append(" }\n");
        }
        deploy("limits-se", yaml.toString());
        JobExecution e = await(start("limits-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());

        for (TaskView t : r.tasks()) {
            assertEquals("COMPLETED", t.status(), t.id());
            assertEquals(1, t.attempts(), t.id() + " ran exactly once");
        }
        assertEquals(200, SeBraid.operator().getStepExecutions(e.getExecutionId()).stream()
                .filter(s -> !s.getStepName().contains(".")).count(), "the batch runtime ran each task step once");
        for (Spec s : specs) {
            for (String n : s.needs()) {
                assertTrue(!task(r, s.id()).start().isBefore(task(r, n).end()), s.id() + " started before " + n + " ended");
            }
        }
        assertTrue(Timeline.peakConcurrency(r.tasks()) <= 8, "run cap");
        Map<String, List<TaskView>> byGroup = group(r, specs, Spec::group);
        assertEquals(2, Timeline.peakConcurrency(byGroup.get("conc")), "group conc (the cap is reached, never passed)");
        assertTrue(Timeline.peakConcurrency(byGroup.get("burst")) <= 3, "group burst");
        assertMaxStartsPerWindow(byGroup.get("burst"), 4, 250);
        assertMaxStartsPerWindow(byGroup.get("paced"), 6, 1000);
        Map<String, List<TaskView>> byLock = group(r, specs, Spec::lock);
        assertEquals(1, Timeline.peakConcurrency(byLock.get("ledger")), "exclusive lock ledger held by one task at a time");
        Set<String> sharedHolders = specs.stream().filter(Spec::shared).map(Spec::id).collect(Collectors.toSet());
        List<TaskView> catalog = byLock.get("catalog");
        for (TaskView a : catalog) {
            for (TaskView b : catalog) {
                if (a != b && Timeline.overlap(a, b)) {
                    assertTrue(sharedHolders.contains(a.id()) && sharedHolders.contains(b.id()),
                            a.id() + " and " + b.id() + " held catalog together but not both shared");
                }
            }
        }
    }

    @Test
    void twoWorkflowsRunningAtOnceShareOneGroupLimit() throws Exception {
        // both declare se-shared with 5; the server-wide definition (braid.groups.se-shared.maxConcurrent=2,
        // set by the build) wins and is one limit for both runs
        for (String name : List.of("share-a", "share-b")) {
            StringBuilder yaml = new StringBuilder("name: " + name + "\nmaxParallel: 6\ngroups: { se-shared: { maxConcurrent: 5 } }\ntasks:\n");
            for (int i = 0; i < 6; i++) {
                yaml.append("  - { id: t").append(i).append(", type: wait, group: se-shared, with: { duration: 150ms } }\n");
            }
            deploy(name, yaml.toString());
        }
        long a = start("share-a", Map.of());
        long b = start("share-b", Map.of());
        RunView during = SeBraid.awaitRun(a, v -> v.tasks().stream().anyMatch(t -> "WAITING".equals(t.status())
                && "group se-shared".equals(t.waitingFor())));
        assertTrue(during.tasks().stream().anyMatch(t -> "group se-shared".equals(t.waitingFor())), "reason shown: " + during);
        ResourceLedger.GroupState shared = SeBraid.gate().scheduler().view().resources().groups().stream()
                .filter(g -> g.name().equals("se-shared")).findFirst().orElseThrow();
        assertEquals(2, shared.maxConcurrent());
        assertEquals("server", shared.source());
        assertEquals(BatchStatus.COMPLETED, await(a).getBatchStatus());
        assertEquals(BatchStatus.COMPLETED, await(b).getBatchStatus());
        List<TaskView> all = new ArrayList<>(run(a).tasks());
        all.addAll(run(b).tasks());
        assertEquals(2, Timeline.peakConcurrency(all), "one limit across both runs");
        assertTrue(Timeline.peakConcurrency(run(a).tasks()) <= 2 && Timeline.peakConcurrency(run(b).tasks()) <= 2);
    }

    @Test
    void aLockWhoseHolderDisappearedIsReclaimedAfterItsLease() throws Exception {
        deploy("reclaim-se", """
                name: reclaim-se
                tasks:
                  - { id: free, type: wait, with: { duration: 10ms } }
                  - { id: locked, type: wait, locks: [orphaned-table], with: { duration: 10ms } }
                """);
        // a holder on another server: it renews its lease until the run is underway, then its server dies
        // (the lease time is 1 s in this JVM)
        ResourceLedger ledger = SeBraid.gate().ledger();
        ResourceLedger.Holder ghost = new ResourceLedger.Holder(-7, "ghost");
        long token = ledger.tryAcquire(new ResourceRequest(ghost.runId(), ghost.task(), null,
                List.of(new LockRef("orphaned-table", LockRef.Mode.EXCLUSIVE)))).token();
        assertTrue(token > 0);
        // its server renews from a thread of its own (as the heartbeat does), so slow reads here cannot let it lapse
        AtomicReference<Instant> lastBeat = new AtomicReference<>(Instant.now());
        AtomicBoolean alive = new AtomicBoolean(true);
        Thread server = new Thread(() -> {
            while (alive.get()) {
                Instant now = Instant.now();
                ledger.renew(Map.of(ghost, token));
                lastBeat.set(now);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        });
        server.start();
        long e = start("reclaim-se", Map.of());
        SeBraid.awaitRun(e, v -> "lock orphaned-table".equals(task(v, "locked").waitingFor()));
        alive.set(false); // the server dies
        server.join();
        RunView waiting = run(e);
        assertEquals("WAITING", task(waiting, "locked").status(), "waits for the lock: " + waiting);
        assertEquals(BatchStatus.COMPLETED, await(e).getBatchStatus());
        RunView r = run(e);
        long after = Timeline.millisBetween(lastBeat.get(), task(r, "locked").start());
        assertTrue(after >= 1000, "started " + after + " ms after the ghost's last renewal; the lease is 1 s");
        assertTrue(after < 3000, "reclaimed soon after the lease ran out, not later: " + after + " ms");
        assertTrue(task(r, "free").end().isBefore(task(r, "locked").start()), "the other task did not wait");
    }

    @Test
    void estimatesComeFromTheMedianOfEarlierCompletedRuns() throws Exception {
        // 'short' (50 ms) and 'long' (400 ms) have no estimate, so both start as 1 s guesses; 'long' also comes
        // later (behind 'tick'). One slot, held first by 'first'. Without history 'short' goes first (equal
        // rank, earlier arrival); once a completed run has recorded their durations, 'long' is the longer
        // remaining path and goes first.
        String name = "history-" + System.currentTimeMillis(); // no runs of it in the database yet
        deploy(name, "name: " + name + """

                maxParallel: 1
                tasks:
                  - { id: first, type: wait, priority: critical, with: { duration: 300ms } }
                  - { id: tick, type: wait, with: { duration: 10ms } }
                  - { id: short, type: batchlet, with: { ref: failOnDemand, fail: "false", duration: 50ms } }
                  - { id: long, type: batchlet, needs: tick, with: { ref: failOnDemand, fail: "false", duration: 400ms } }
                """);
        RunView before = run(await(start(name, Map.of())).getExecutionId());
        assertEquals("COMPLETED", before.status());
        assertTrue(task(before, "short").start().isBefore(task(before, "long").start()), "no history yet: " + before);
        RunView after = run(await(start(name, Map.of())).getExecutionId());
        assertEquals("COMPLETED", after.status());
        assertTrue(task(after, "long").start().isBefore(task(after, "short").start()), "medians of run 1: " + after);
    }

    @Test
    void aStoppedRunReleasesItsLocksAndGroupSlotsAtOnceAndTakesThemAgainOnRestart() throws Exception {
        deploy("release-se", """
                name: release-se
                params: { holdTime: 30s }
                groups: { release-group: { maxConcurrent: 1 } }
                tasks:
                  - { id: holder, type: wait, group: release-group, locks: [release-table], with: { duration: "${params.holdTime}" } }
                """);
        long exec = start("release-se", Map.of());
        long runId = SeBraid.awaitRun(exec, v -> "RUNNING".equals(task(v, "holder").status())).id();
        ResourceLedger.Snapshot held = SeBraid.gate().ledger().snapshot();
        assertEquals(List.of(runId), held.locks().stream().filter(l -> l.name().equals("release-table"))
                .flatMap(l -> l.holders().stream()).map(ResourceLedger.LockHolder::runId).toList());
        SeBraid.operator().stop(exec);
        assertEquals(BatchStatus.STOPPED, await(exec).getBatchStatus());
        ResourceLedger.Snapshot after = SeBraid.gate().ledger().snapshot();
        assertTrue(after.locks().stream().noneMatch(l -> l.name().equals("release-table")), "lock released: " + after);
        assertTrue(after.groups().stream().filter(g -> g.name().equals("release-group")).allMatch(g -> g.running().isEmpty()),
                "group slot released: " + after);
        JobExecution restarted = await(SeBraid.restart(exec, Map.of("holdTime", "10ms")));
        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus());
        assertEquals(2, task(run(restarted.getExecutionId()), "holder").attempts(), "the task ran again, under its lock");
    }

    private static Map<String, List<TaskView>> group(RunView r, List<Spec> specs, Function<Spec, String> key) {
        Map<String, List<TaskView>> out = new LinkedHashMap<>();
        for (Spec s : specs) {
            if (key.apply(s) != null) {
                out.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(task(r, s.id()));
            }
        }
        return out;
    }

    /**
     * Every window [s, s + window - skew) that starts at a recorded start holds at most {@code max} starts. The ledger
     * counts its windows on the monotonic ticker; a recorded start is the wall clock read on the dispatching thread
     * just after the grant, which on a loaded machine can lag one grant by a few milliseconds more than the next.
     */
    private static void assertMaxStartsPerWindow(List<TaskView> tasks, int max, long window) {
        long windowMillis = window - RECORDING_SKEW_MS;
        List<Long> starts = tasks.stream().map(t -> t.start().toEpochMilli()).sorted().toList();
        Map<Long, Integer> worst = new HashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            int in = 0;
            for (int j = i; j < starts.size() && starts.get(j) < starts.get(i) + windowMillis; j++) {
                in++;
            }
            worst.merge(starts.get(i), in, Math::max);
            assertTrue(in <= max, in + " starts in the " + windowMillis + " ms from " + starts.get(i) + ": " + starts);
        }
        assertTrue(worst.values().stream().anyMatch(n -> n == max), "the rate was reached (the test exercises it): " + starts);
    }
}
