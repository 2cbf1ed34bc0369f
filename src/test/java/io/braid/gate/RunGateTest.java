package io.braid.gate;

import io.braid.runs.TaskStatus;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.status(task) != TaskStatus.WAITING && !f.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
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
