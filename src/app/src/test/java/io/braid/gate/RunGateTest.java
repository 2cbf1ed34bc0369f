package io.braid.gate;

import io.braid.runs.TaskStatus;
import io.braid.testing.ManualTicker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class RunGateTest {
    /** a → b → c, a → d; e independent. */
    private static Map<String, List<String>> dag() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("a", List.of());
        m.put("b", List.of("a"));
        m.put("c", List.of("b"));
        m.put("d", List.of("a"));
        m.put("e", List.of());
        return m;
    }

    /** A gate call that blocks. */
    @FunctionalInterface
    interface GateCall<T> {
        T call() throws InterruptedException;
    }

    /** Runs the call on another thread and returns once the gate reports the task WAITING (or the call ended). */
    private static <T> CompletableFuture<T> blocked(RunGate gate, String task, GateCall<T> call) throws InterruptedException {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await(task + " waiting").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> gate.status(task) == TaskStatus.WAITING || f.isDone());
        return f;
    }

    @Test
    void failureSkipsAllTransitiveDependentsAndNothingElse() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        List<String> skipped = gate.ended("a", TaskStatus.FAILED);
        assertEquals(List.of("b", "d", "c"), skipped);
        assertEquals(Verdict.SKIP, gate.awaitNeeds("c", () -> false));
        assertEquals(TaskStatus.PENDING, gate.status("e"));
    }

    @Test
    void aWaitingGateWakesWhenItsNeedEnds() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        CompletableFuture<Verdict> waiting = blocked(gate, "b", () -> gate.awaitNeeds("b", () -> false));
        assertFalse(waiting.isDone(), "b must wait for a");
        gate.ended("a", TaskStatus.COMPLETED);
        assertEquals(Verdict.RUN, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aGateWaitingLongForNeedsThatNeverStartedSaysSoOnce() throws Exception {
        ManualTicker ticker = new ManualTicker();
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of(), Map.of(), Map.of(), false, ticker);
        List<List<String>> warnings = new CopyOnWriteArrayList<>();
        CompletableFuture<Verdict> waiting = blocked(gate, "b", () -> gate.awaitNeeds("b", () -> false, Duration.ofMinutes(10), warnings::add));
        ticker.advance(Duration.ofMinutes(9));
        long reads = ticker.reads();
        await("the gate looked at the time again").atMost(Duration.ofSeconds(5)).until(() -> ticker.reads() > reads + 1);
        assertTrue(warnings.isEmpty(), "not before the bound");
        ticker.advance(Duration.ofMinutes(2));
        await("the warning").atMost(Duration.ofSeconds(5)).until(() -> !warnings.isEmpty());
        assertEquals(List.of(List.of("a")), warnings, "a has not started");
        ticker.advance(Duration.ofMinutes(30));
        gate.ended("a", TaskStatus.COMPLETED);
        assertEquals(Verdict.RUN, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(1, warnings.size(), "said once");
    }

    @Test
    void stoppingReleasesWaitersForNeeds() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 1, Map.of());
        CompletableFuture<Verdict> waiting = blocked(gate, "b", () -> gate.awaitNeeds("b", () -> false));
        gate.stop();
        assertEquals(Verdict.STOP, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void tasksBecomeEligibleWhenTheirLastNeedCompletes() {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        assertEquals(List.of(), gate.onTheirWay(System.nanoTime(), TimeUnit.SECONDS.toNanos(5)),
                "no grace before the run's first task arrives");
        gate.arrived("a");
        assertEquals(List.of("e"), gate.onTheirWay(System.nanoTime(), TimeUnit.SECONDS.toNanos(5)));
        gate.ended("a", TaskStatus.COMPLETED);
        assertEquals(List.of("e", "b", "d"), gate.onTheirWay(System.nanoTime(), TimeUnit.SECONDS.toNanos(5)));
        assertEquals(List.of(), gate.onTheirWay(System.nanoTime() + TimeUnit.SECONDS.toNanos(6), TimeUnit.SECONDS.toNanos(5)),
                "the grace period is over");
    }

    @Test
    void aTaskWaitingForItsNeedsAtAGateIsOnItsWayOnceTheyComplete() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        gate.arrived("a");
        CompletableFuture<Verdict> waiting = blocked(gate, "b", () -> gate.awaitNeeds("b", () -> false));
        assertEquals(TaskStatus.WAITING, gate.status("b"));
        gate.ended("a", TaskStatus.COMPLETED);
        assertEquals(Verdict.RUN, waiting.get(5, TimeUnit.SECONDS));
        assertTrue(gate.onTheirWay(System.nanoTime(), TimeUnit.SECONDS.toNanos(5)).contains("b"),
                "b holds a claim on a slot while its thread goes from the gate decision to the step");
    }

    @Test
    void restartKeepsCompletedTasksAndReopensTheRest() throws Exception {
        RunGate gate = new RunGate(2, "w", dag(), 10,
                Map.of("a", TaskStatus.COMPLETED, "b", TaskStatus.FAILED, "c", TaskStatus.SKIPPED));
        assertEquals(TaskStatus.COMPLETED, gate.status("a"));
        assertEquals(TaskStatus.PENDING, gate.status("b"));
        assertEquals(TaskStatus.PENDING, gate.status("c"));
        assertEquals(Verdict.RUN, gate.awaitNeeds("b", () -> false), "a completed in the earlier execution");
    }
}
