package io.braid.conformance;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance set: each scenario runs the same workflow (src/test/workflows/cf-*.yaml) the same way on the embedded
 * runtime and on the Liberty test server, and both runs' records must be identical where they can be (statuses,
 * attempts, executions, outputs, fan-out tries; not times or ids) and meet the scenario's expectations. docs/testing.md
 * lists what still differs between the runtimes.
 */
@Tag("conformance")
class ConformanceIT {
    private static final Set<String> IN_FLIGHT = Set.of("QUEUED", "RUNNING", "STARTING", "STARTED", "STOPPING");
    private static List<BraidRuntime> runtimes;

    @BeforeAll
    static void runtimes() throws Exception {
        runtimes = List.of(new EmbeddedRuntime(Path.of("target", "conformance-data")), new LibertyRuntime());
    }

    /** How a scenario drives one run on one runtime; returns the run's final record. */
    private interface Steps {
        JsonObject drive(BraidRuntime rt, long runId) throws Exception;
    }

    /** Runs the scenario on every runtime; their observed records, which must agree. */
    private static Map<String, Observed> onEveryRuntime(String workflow, Map<String, String> params, List<String> outputs,
                                                        Steps steps, Predicate<JsonObject> extra) throws Exception {
        Map<String, Observed> seen = new LinkedHashMap<>();
        List<String> extraFailures = new ArrayList<>();
        for (BraidRuntime rt : runtimes) {
            long runId = rt.start(workflow, params);
            JsonObject last = steps.drive(rt, runId);
            seen.put(rt.name(), Observed.of(last, outputs));
            if (!extra.test(last)) {
                extraFailures.add(rt.name() + ": " + last);
            }
        }
        List<Observed> distinct = seen.values().stream().distinct().toList();
        assertEquals(1, distinct.size(), workflow + ": the runtimes differ: " + seen);
        assertTrue(extraFailures.isEmpty(), workflow + ": " + extraFailures);
        return seen;
    }

    private static Observed one(Map<String, Observed> seen) {
        return seen.values().iterator().next();
    }

    private static JsonObject awaitEnd(BraidRuntime rt, long runId, int executions) {
        return await(rt.name() + " run " + runId + " execution " + executions + " ended").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50)).until(() -> rt.run(runId),
                        r -> r != null && r.getInt("executions") >= executions && !IN_FLIGHT.contains(r.getString("status")));
    }

    private static void awaitTask(BraidRuntime rt, long runId, String task, String status) {
        await(rt.name() + " " + task + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> rt.run(runId), r -> r != null && r.getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                        .anyMatch(t -> t.getString("id").equals(task) && t.getString("status").equals(status)));
    }

    private static final Steps TO_THE_END = (rt, id) -> awaitEnd(rt, id, 1);

    @Test
    void aDiamondCompletes() throws Exception {
        Observed o = one(onEveryRuntime("cf-success", Map.of(), List.of(), TO_THE_END, r -> true));
        assertEquals("COMPLETED", o.status());
        o.tasks().forEach((id, t) -> assertEquals("COMPLETED/1", t.status() + "/" + t.attempts(), id));
    }

    @Test
    void aFailureSkipsOnlyItsDependents() throws Exception {
        Observed o = one(onEveryRuntime("cf-isolation", Map.of(), List.of(), TO_THE_END, r -> true));
        assertEquals("FAILED", o.status());
        assertEquals("FAILED", o.task("transform").status());
        assertTrue(o.task("transform").hasError());
        assertEquals("SKIPPED", o.task("load").status());
        assertEquals("COMPLETED", o.task("audit").status());
    }

    @Test
    void aRestartAfterAFailureRunsOnlyWhatDidNotComplete() throws Exception {
        Observed o = one(onEveryRuntime("cf-isolation", Map.of(), List.of(), (rt, id) -> {
            awaitEnd(rt, id, 1);
            rt.restart(id, Map.of("fail", "false"));
            return awaitEnd(rt, id, 2);
        }, r -> true));
        assertEquals("COMPLETED", o.status());
        assertEquals(2, o.executions());
        assertEquals(List.of(1, 2, 1, 1), List.of(o.task("extract").attempts(), o.task("transform").attempts(),
                o.task("load").attempts(), o.task("audit").attempts()));
    }

    @Test
    void failFastStopsTheRunningTaskAndSkipsTheRest() throws Exception {
        Observed o = one(onEveryRuntime("cf-failfast", Map.of(), List.of(), TO_THE_END, r -> true));
        assertEquals("FAILED", o.status());
        assertEquals(List.of("FAILED", "STOPPED", "SKIPPED", "SKIPPED"), List.of(o.task("breaks").status(),
                o.task("long").status(), o.task("after-long").status(), o.task("queued").status()));
    }

    @Test
    void aCancelledTaskSkipsItsDependentsOnly() throws Exception {
        Observed o = one(onEveryRuntime("cf-cancel", Map.of(), List.of(), (rt, id) -> {
            awaitTask(rt, id, "slow", "RUNNING");
            rt.cancel(id, "slow");
            return awaitEnd(rt, id, 1);
        }, r -> true));
        assertEquals("CANCELLED", o.task("slow").status());
        assertEquals("SKIPPED", o.task("after-slow").status());
        assertEquals("COMPLETED", o.task("quick").status());
    }

    @Test
    void aRestartAfterAStopRunsTheStoppedTaskAgainAndNotTheCompletedOne() throws Exception {
        Observed o = one(onEveryRuntime("cf-stop", Map.of(), List.of(), (rt, id) -> {
            awaitTask(rt, id, "b", "RUNNING");
            rt.stop(id);
            JsonObject stopped = awaitEnd(rt, id, 1);
            assertEquals("STOPPED", stopped.getString("status"), rt.name() + ": " + stopped);
            rt.restart(id, Map.of("bTime", "50ms"));
            return awaitEnd(rt, id, 2);
        }, r -> true));
        assertEquals("COMPLETED", o.status());
        assertEquals(1, o.task("a").attempts());
        assertEquals(2, o.task("b").attempts());
    }

    @Test
    void aFanOutRunsAPartitionPerItemWithItsOwnOutput() throws Exception {
        Observed o = one(onEveryRuntime("cf-fanout", Map.of(), List.of("partitions", "results"), TO_THE_END, r -> true));
        assertEquals("COMPLETED", o.status());
        assertEquals(List.of("0:COMPLETED", "1:COMPLETED", "2:COMPLETED"), o.task("each").partitionTries());
        assertEquals("3", o.task("each").outputs().get("partitions"));
        assertTrue(o.task("each").outputs().get("results").contains("\"x\"") && o.task("each").outputs().get("results").contains("\"z\""),
                o.task("each").outputs().toString());
    }

    @Test
    void aFanOutRestartRunsOnlyItsFailedPartition() throws Exception {
        Observed o = one(onEveryRuntime("cf-fanout-restart", Map.of(), List.of(), (rt, id) -> {
            awaitEnd(rt, id, 1);
            rt.restart(id, Map.of("bad", "none"));
            return awaitEnd(rt, id, 2);
        }, r -> true));
        assertEquals("COMPLETED", o.status());
        assertEquals(List.of("0:COMPLETED", "1:COMPLETED", "2:FAILED", "2:COMPLETED", "3:COMPLETED"), o.task("each").partitionTries());
    }

    @Test
    void aGroupOfOneRunsItsTasksOneAtATime() throws Exception {
        Observed o = one(onEveryRuntime("cf-group", Map.of(), List.of(), TO_THE_END,
                r -> Observed.peak(r, List.of("g1", "g2", "g3")) == 1));
        assertEquals("COMPLETED", o.status());
    }

    @Test
    void anExclusiveLockKeepsItsHoldersApart() throws Exception {
        Observed o = one(onEveryRuntime("cf-lock", Map.of(), List.of(), TO_THE_END,
                r -> Observed.peak(r, List.of("w1", "w2")) == 1 && Observed.peak(r, List.of("w1", "r1")) == 1
                        && Observed.peak(r, List.of("w2", "r1")) == 1));
        assertEquals("COMPLETED", o.status());
    }

    @Test
    void aFailingTaskIsTriedOnceMorePerRetryAndThenSkipsItsDependents() throws Exception {
        Observed o = one(onEveryRuntime("cf-retry", Map.of(), List.of(), TO_THE_END, r -> true));
        assertEquals("FAILED", o.task("flaky").status());
        assertEquals(3, o.task("flaky").attempts());
        assertEquals("SKIPPED", o.task("after").status());
    }

    @Test
    void aTaskBeyondItsTimeoutFails() throws Exception {
        Observed o = one(onEveryRuntime("cf-timeout", Map.of(), List.of(), TO_THE_END,
                r -> r.getJsonArray("tasks").getJsonObject(0).getString("error", "").contains("timed out")));
        assertEquals("FAILED", o.task("slow").status());
        assertEquals("SKIPPED", o.task("after").status());
    }

    @Test
    void anOutputReachesTheTaskThatReadsIt() throws Exception {
        Observed o = one(onEveryRuntime("cf-outputs", Map.of(), List.of("n", "m"), TO_THE_END, r -> true));
        assertEquals("42", o.task("a").outputs().get("n"));
        assertEquals("84", o.task("b").outputs().get("m"));
    }

    @Test
    void aSecretParameterNeverShowsInTheRecords() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        Observed o = one(onEveryRuntime("cf-secret", Map.of("token", secret), List.of(), TO_THE_END,
                r -> !r.toString().contains(secret)));
        assertEquals("FAILED", o.task("use").status());
        assertTrue(o.task("use").hasError());
    }

    @Test
    void maxParallelBoundsTheTasksRunningAtOnce() throws Exception {
        Observed o = one(onEveryRuntime("cf-maxparallel", Map.of(), List.of(), TO_THE_END,
                r -> Observed.peak(r, List.of("t1", "t2", "t3", "t4", "t5", "t6")) <= 2));
        assertEquals("COMPLETED", o.status());
    }

    @Test
    void aFanOutOverAnEmptyListCompletesWithNoPartition() throws Exception {
        Observed o = one(onEveryRuntime("cf-empty-fanout", Map.of(), List.of("partitions"), TO_THE_END, r -> true));
        assertEquals("COMPLETED", o.task("each").status());
        assertEquals("0", o.task("each").outputs().get("partitions"));
        assertTrue(o.task("each").partitionTries().isEmpty());
    }

    @Test
    void aFailureSkipsTheWholeChainBehindIt() throws Exception {
        Observed o = one(onEveryRuntime("cf-chain-skip", Map.of(), List.of(), TO_THE_END, r -> true));
        assertEquals(List.of("FAILED", "SKIPPED", "SKIPPED", "COMPLETED"), List.of(o.task("a").status(), o.task("b").status(),
                o.task("c").status(), o.task("d").status()));
        assertFalse(o.task("b").hasError());
    }
}
