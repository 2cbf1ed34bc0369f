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

    @Test
    void failureSkipsAllTransitiveDependentsAndNothingElse() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        assertTrue(gate.acquireSlot("a", Priority.NORMAL, () -> false));
        List<String> skipped = gate.ended("a", TaskStatus.FAILED, true);
        assertEquals(List.of("b", "d", "c"), skipped);
        assertEquals(Verdict.SKIP, gate.awaitNeeds("c", () -> false));
        assertEquals(TaskStatus.PENDING, gate.status("e"));
        assertEquals(0, gate.running());
    }

    @Test
    void aWaitingGateWakesWhenItsNeedEnds() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 10, Map.of());
        CompletableFuture<Verdict> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.awaitNeeds("b", () -> false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(waiting.isDone(), "b must wait for a");
        assertEquals(TaskStatus.WAITING, gate.status("b"));
        gate.ended("a", TaskStatus.COMPLETED, false);
        assertEquals(Verdict.RUN, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void stoppingReleasesWaitersWithoutTakingSlots() throws Exception {
        RunGate gate = new RunGate(1, "w", dag(), 1, Map.of());
        assertTrue(gate.acquireSlot("a", Priority.NORMAL, () -> false));
        CompletableFuture<Boolean> slot = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.acquireSlot("e", Priority.NORMAL, () -> false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(slot.isDone(), "the only slot is taken");
        gate.stop();
        assertFalse(slot.get(5, TimeUnit.SECONDS), "a stopped run hands out no slot");
        assertEquals(Verdict.STOP, gate.awaitNeeds("b", () -> false));
        assertEquals(1, gate.running());
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
