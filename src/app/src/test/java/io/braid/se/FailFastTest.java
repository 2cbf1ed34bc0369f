package io.braid.se;

import io.braid.runs.RootCause;
import io.braid.runs.RunView;
import jakarta.batch.runtime.JobExecution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("se")
class FailFastTest {
    @Test
    void theFirstFailureStopsRunningTasksAndSkipsTheRest() throws Exception {
        deploy("failfast-se", """
                name: failfast-se
                failFast: true
                maxParallel: 2
                tasks:
                  - { id: breaks, type: batchlet, with: { ref: failOnDemand, fail: "true", duration: 300ms } }
                  - { id: long, type: wait, with: { duration: 20s } }
                  - { id: after-long, type: wait, needs: long, with: { duration: 10ms } }
                  - { id: queued, type: wait, with: { duration: 10ms } }
                """);
        long started = System.nanoTime();
        JobExecution e = await(start("failfast-se", Map.of()));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        RunView r = run(e.getExecutionId());
        assertEquals("FAILED", r.status(), r.toString());
        assertEquals("FAILED", task(r, "breaks").status());
        assertEquals("STOPPED", task(r, "long").status(), "the running task was stopped");
        assertEquals("SKIPPED", task(r, "after-long").status());
        assertEquals("SKIPPED", task(r, "queued").status(), "waiting for the run cap, never started");
        assertTrue(tookMs < 15_000, "the run ended at the failure, not after the 20 s task: " + tookMs + " ms");
        RootCause cause = RootCause.of(r, Optional.empty(), true).orElseThrow();
        assertEquals("breaks", cause.task());
        assertTrue(cause.error().contains("failed on demand"), cause.error());
        assertEquals(List.of("after-long", "queued"), cause.skipped());
    }

    @Test
    void withoutFailFastTheRootCauseListsOnlyTheDependentsOfTheFirstFailure() throws Exception {
        deploy("rootcause-se", """
                name: rootcause-se
                tasks:
                  - { id: a, type: batchlet, with: { ref: failOnDemand, fail: "true", duration: 10ms } }
                  - { id: b, type: wait, needs: a, with: { duration: 10ms } }
                  - { id: c, type: wait, needs: b, with: { duration: 10ms } }
                  - { id: d, type: batchlet, with: { ref: failOnDemand, fail: "true", duration: 300ms } }
                  - { id: e, type: wait, needs: d, with: { duration: 10ms } }
                  - { id: f, type: wait, with: { duration: 10ms } }
                """);
        RunView r = run(await(start("rootcause-se", Map.of())).getExecutionId());
        Map<String, List<String>> needs = Map.of("a", List.of(), "b", List.of("a"), "c", List.of("b"), "d", List.of(),
                "e", List.of("d"), "f", List.of());
        RootCause cause = RootCause.of(r, Optional.of(needs), false).orElseThrow();
        assertEquals("a", cause.task());
        assertEquals(List.of("b", "c"), cause.skipped());
        assertEquals(List.of("d"), cause.otherFailures());
        assertEquals("COMPLETED", task(r, "f").status());
    }
}
