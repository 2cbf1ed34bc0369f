package io.braid.gate;

import io.braid.model.Priority;
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
        assertTrue(gate.acquireSlot("a", () -> false));
        List<String> skipped = gate.ended("a", TaskStatus.FAILED, true);
        assertEquals(List.of("b", "d", "c"), skipped);
        assertEquals(Verdict.SKIP, gate.awaitNeeds("c", () -> false));
        assertEquals(TaskStatus.PENDING, gate.status("e"));
        assertEquals(0, gate.running());
    }

    @Test
    void aWaitingGateWakesWhenItsNeedEnds() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        CompletableFuture<Verdict> waiting = blocked(gate, "b", () -> gate.awaitNeeds("b", () -> false));
        assertFalse(waiting.isDone(), "b must wait for a");
        gate.ended("a", TaskStatus.COMPLETED, false);
        assertEquals(Verdict.RUN, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void stoppingReleasesWaitersWithoutTakingSlots() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 1, Map.of());
        assertTrue(gate.acquireSlot("a", () -> false));
        CompletableFuture<Boolean> slot = blocked(gate, "e", () -> gate.acquireSlot("e", () -> false));
        assertFalse(slot.isDone(), "the only slot is taken");
        gate.stop();
        assertFalse(slot.get(5, TimeUnit.SECONDS), "a stopped run hands out no slot");
        assertEquals(Verdict.STOP, gate.awaitNeeds("b", () -> false));
        assertEquals(1, gate.running());
    }

    @Test
    void aFreedSlotGoesToHigherPriorityThenLongerRemainingPathThenArrival() throws Exception {
        Map<String, List<String>> dag = new LinkedHashMap<>();
        for (String t : List.of("holder", "shortA", "longB", "shortC", "urgentD")) {
            dag.put(t, List.of());
        }
        Map<String, RunGate.Rank> ranks = Map.of("holder", new RunGate.Rank(Priority.NORMAL, 0),
                "shortA", new RunGate.Rank(Priority.NORMAL, 100), "longB", new RunGate.Rank(Priority.NORMAL, 900),
                "shortC", new RunGate.Rank(Priority.NORMAL, 100), "urgentD", new RunGate.Rank(Priority.HIGH, 10));
        RunGate gate = new RunGate(3, "w", dag, 1, Map.of(), ranks);
        assertTrue(gate.acquireSlot("holder", () -> false));
        Thread.sleep(60); // past the grace period: only tasks at the gate compete
        List<String> granted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> waiters = new java.util.ArrayList<>();
        String[] arrivals = {"shortA", "longB", "shortC", "urgentD"};
        for (String a : arrivals) {
            Thread t = new Thread(() -> {
                try {
                    if (gate.acquireSlot(a, () -> false)) {
                        granted.add(a);
                        gate.ended(a, TaskStatus.COMPLETED, true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters.add(t);
            t.start();
            while (gate.status(a) != TaskStatus.WAITING) { // arrive one after another
                Thread.sleep(1);
            }
        }
        gate.ended("holder", TaskStatus.COMPLETED, true);
        for (Thread t : waiters) {
            t.join(5000);
        }
        assertEquals(List.of("urgentD", "longB", "shortA", "shortC"), granted);
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
