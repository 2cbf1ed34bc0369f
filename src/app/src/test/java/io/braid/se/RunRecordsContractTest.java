package io.braid.se;

import io.braid.runs.MemoryRuns;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunRequests;
import io.braid.runs.RunStatus;
import io.braid.runs.RunView;
import io.braid.runs.TaskOutputs;
import io.braid.runs.TaskStatus;
import io.braid.runs.TaskTry;
import io.braid.runs.TaskView;
import jakarta.enterprise.inject.spi.CDI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One life of a run, recorded and read back through the four record interfaces: on the stores Braid runs with (JPA on
 * the SE tier's H2 database) and on {@link MemoryRuns}, the fake unit tests use. Both must answer alike.
 */
@Tag("se")
class RunRecordsContractTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Run ids far from the job instances the SE tier's other tests create in the same database, new in each build. */
    private static final AtomicLong IDS = new AtomicLong(1L << 40 | ThreadLocalRandom.current().nextLong(1L << 39));

    private record Stores(RunRecorder recorder, RunExplorer explorer, TaskOutputs outputs, RunRequests requests) {
        static Stores of(String kind) {
            if (kind.equals("memory")) {
                MemoryRuns memory = new MemoryRuns();
                return new Stores(memory, memory, memory, memory);
            }
            SeBraid.KIT.runtime(); // the SE tier's container
            return new Stores(bean(RunRecorder.class), bean(RunExplorer.class), bean(TaskOutputs.class), bean(RunRequests.class));
        }

        private static <T> T bean(Class<T> type) {
            return CDI.current().select(type).get();
        }
    }

    private static Map<String, List<String>> needs() {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        needs.put("a", List.of());
        needs.put("b", List.of("a"));
        needs.put("c", List.of("a"));
        return needs;
    }

    private static TaskView task(RunView run, String id) {
        return run.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpa", "memory"})
    void aRunIsRecordedAndReadBackAlike(String kind) {
        Stores s = Stores.of(kind);
        long id = IDS.incrementAndGet();
        String workflow = "contract-" + id;

        s.recorder().runSubmitted(id, 11, workflow, needs(), "operator", at(0));
        RunView submitted = s.explorer().run(id).orElseThrow();
        assertEquals(RunStatus.QUEUED.name(), submitted.status());
        assertEquals("operator", submitted.submittedBy());
        assertEquals(List.of("a", "b", "c"), submitted.tasks().stream().map(TaskView::id).toList());
        assertTrue(submitted.tasks().stream().allMatch(t -> t.status().equals("PENDING")));
        assertEquals(needs(), submitted.needs());

        s.recorder().executionStarted(id, 11, workflow, needs(), Set.of(), "server-1", at(1_000));
        s.recorder().runAdmitted(id, at(1_000));
        assertEquals("server-1", s.explorer().inFlight().get(id));
        s.recorder().taskWaiting(id, "a", "run cap");
        assertEquals("run cap", task(s.explorer().run(id).orElseThrow(), "a").waitingFor());

        s.recorder().taskStarted(id, "a", 11, at(2_000));
        s.recorder().taskProgress(id, "a", "{\"n\":1}", at(3_000));
        TaskView running = task(s.explorer().run(id).orElseThrow(), "a");
        assertEquals("RUNNING", running.status());
        assertEquals(1, running.attempts());
        assertNull(running.waitingFor());
        assertEquals("{\"n\":1}", running.progress());
        assertEquals(at(3_000), running.heartbeat());

        s.recorder().taskRetried(id, "a", -1, "boom");
        s.recorder().taskEnded(id, "a", TaskStatus.COMPLETED, at(4_000), null);
        s.outputs().outputsPublished(id, "a", Map.of("x", "1", "y", "2"));
        s.outputs().outputsPublished(id, "a", Map.of("x", "3"));
        s.outputs().outputsMerged(id, "a", Map.of("z", "4"));
        assertEquals(Map.of("x", "3", "z", "4"), s.outputs().outputs(id, "a"));
        assertEquals(Optional.of("4"), s.outputs().output(id, "a", "z"));
        TaskView a = task(s.explorer().run(id).orElseThrow(), "a");
        assertEquals("COMPLETED", a.status());
        assertEquals(2, a.attempts());
        assertEquals(at(4_000), a.end());
        assertEquals(List.of("FAILED", "COMPLETED"), a.tries().stream().map(TaskTry::status).toList());
        assertEquals("boom", a.tries().get(0).error());
        assertEquals(Map.of("x", "3", "z", "4"), a.outputs());

        s.recorder().taskStarted(id, "b", 11, at(5_000));
        s.recorder().partitionStarted(id, "b", 0, "\"p0\"", 11, at(5_000));
        s.recorder().partitionStarted(id, "b", 1, "\"p1\"", 11, at(5_100));
        s.recorder().partitionEnded(id, "b", 0, TaskStatus.COMPLETED, at(6_000), null);
        s.recorder().partitionEnded(id, "b", 1, TaskStatus.FAILED, at(6_500), "bad item");
        assertEquals(Optional.of("partition 1: bad item"), s.explorer().failedPartition(id, "b", 11));
        assertEquals(Optional.empty(), s.explorer().failedPartition(id, "b", 12));
        s.recorder().taskEnded(id, "b", TaskStatus.FAILED, at(7_000), "partition 1: bad item");
        s.recorder().tasksEnded(id, List.of("c"), TaskStatus.SKIPPED, at(7_000));
        s.recorder().executionEnded(id, RunStatus.FAILED, at(8_000));

        RunView failed = s.explorer().run(id).orElseThrow();
        assertEquals("FAILED", failed.status());
        assertEquals(at(8_000), failed.end());
        assertEquals(List.of(0, 1), task(failed, "b").partitions().stream().map(TaskTry::partition).toList());
        assertEquals("\"p1\"", task(failed, "b").partitions().get(1).item());
        assertEquals("SKIPPED", task(failed, "c").status());
        assertFalse(s.explorer().inFlight().containsKey(id));
        List<RunView> listed = s.explorer().runs(workflow, "FAILED", 10);
        assertEquals(List.of(id), listed.stream().map(RunView::id).toList());
        assertTrue(listed.get(0).tasks().stream().allMatch(t -> t.tries().isEmpty() && t.outputs().isEmpty()),
                "a run list carries no tries or outputs");
        assertTrue(s.explorer().runs(workflow, "COMPLETED", 10).isEmpty());

        s.requests().request(id, null, at(9_000));
        s.requests().request(id, "b", at(9_001));
        assertEquals(Map.of(id, List.of("", "b")), s.requests().takeRequests(List.of(id)));
        assertTrue(s.requests().takeRequests(List.of(id)).isEmpty(), "taken once");

        // a restart: a kept, b and c again; then its server dies while b runs
        s.recorder().executionStarted(id, 12, workflow, needs(), Set.of("a"), "server-2", at(10_000));
        RunView restarted = s.explorer().run(id).orElseThrow();
        assertEquals(2, restarted.executions());
        assertEquals(12, restarted.executionId());
        assertNull(restarted.end());
        assertEquals(List.of("COMPLETED", "PENDING", "PENDING"), restarted.tasks().stream().map(TaskView::status).toList());
        s.recorder().taskStarted(id, "b", 12, at(10_500));
        s.recorder().lost(List.of(id), "server-2 died", at(11_000));
        RunView lost = s.explorer().run(id).orElseThrow();
        assertEquals("FAILED", lost.status());
        assertEquals("server-2 died", lost.reason());
        assertEquals("STOPPED", task(lost, "b").status());
        assertEquals("server-2 died", task(lost, "b").error());
        assertEquals("STOPPED", task(lost, "c").status());
        assertEquals("STOPPED", task(lost, "b").tries().get(task(lost, "b").tries().size() - 1).status());

        // durations of completed runs, for the scheduler's critical path
        String timed = workflow + "-t";
        for (int i = 0; i < 3; i++) {
            long run = IDS.incrementAndGet();
            s.recorder().executionStarted(run, 20 + i, timed, Map.of("a", List.of()), Set.of(), "server-1", at(0));
            s.recorder().taskStarted(run, "a", 20 + i, at(0));
            s.recorder().taskEnded(run, "a", TaskStatus.COMPLETED, at(100 * (i + 1)), null);
            s.recorder().executionEnded(run, RunStatus.COMPLETED, at(1_000));
        }
        assertEquals(Map.of("a", 200L), s.explorer().medianDurations(timed, 5));
        assertEquals(Map.of("a", 250L), s.explorer().medianDurations(timed, 2), "the latest two: 300 and 200 ms");

        long refused = IDS.incrementAndGet();
        s.recorder().runRefused(refused, 30, "forged", "refused: not a deployed workflow", at(0));
        RunView r = s.explorer().run(refused).orElseThrow();
        assertEquals("FAILED", r.status());
        assertEquals("refused: not a deployed workflow", r.reason());
        assertEquals(Duration.ZERO, Duration.between(at(0), r.start()));
    }
}
