package io.braid.se;

import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Fault Tolerance around each attempt, per task type (io.braid.tasks.retry.AttemptGuard). This test's JVM
 * (its own surefire execution, src/app/pom.xml) turns on the timeout (1 s) and a bulkhead of 1 for the types of your
 * own, which the test type {@code probe-sleep} is; Braid's built-in types keep them off.
 */
@Tag("se")
class FaultToleranceTest {

    @Test
    void anAttemptThatOverrunsItsTypesTimeoutIsInterruptedByFaultTolerance() throws Exception {
        deploy("ft-timeout-se", """
                name: ft-timeout-se
                tasks:
                  - { id: slow, type: probe-sleep, with: { duration: 30s } }
                """);
        RunView r = run(await(start("ft-timeout-se", Map.of())).getExecutionId());
        assertEquals("FAILED", r.status(), r.toString());
        TaskView slow = task(r, "slow");
        assertEquals("FAILED", slow.status());
        assertTrue(slow.error().contains("TimeoutException"), "Fault Tolerance's own: " + slow.error());
    }

    @Test
    void aBulkheadOfOneNeverRunsTwoAttemptsOfItsTypeAtOnce() throws Exception {
        deploy("ft-bulkhead-se", """
                name: ft-bulkhead-se
                tasks:
                  - { id: a, type: probe-sleep, retry: { maxRetries: 50, delay: 50ms }, with: { duration: 100ms } }
                  - { id: b, type: probe-sleep, retry: { maxRetries: 50, delay: 50ms }, with: { duration: 100ms } }
                  - { id: c, type: probe-sleep, retry: { maxRetries: 50, delay: 50ms }, with: { duration: 100ms } }
                """);
        ProbeSleepType.MOST_AT_ONCE.set(0);
        RunView r = run(await(start("ft-bulkhead-se", Map.of())).getExecutionId());
        assertEquals("COMPLETED", r.status(), r.toString());
        assertEquals(1, ProbeSleepType.MOST_AT_ONCE.get(), "attempts of probe-sleep at once");
        assertTrue(r.tasks().stream().anyMatch(t -> t.attempts() > 1),
                "the bulkhead turned attempts away (BulkheadException), and their retries ran later: " + r.tasks());
    }
}
