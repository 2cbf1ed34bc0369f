package io.braid.se;

import io.braid.runs.RunRequests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.requests;
import static io.braid.se.SeBraid.restart;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.runId;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stop and cancel requests passed between the servers of a cluster (docs/scale-out.md) through the run records: taken
 * once, and never by a later execution of the same run.
 */
@Tag("se")
class RunRequestTest {

    @Test
    void aRequestIsTakenOnceAndOnlyForTheRunsAsked() {
        RunRequests store = requests();
        store.request(9_001, null, Instant.now());
        store.request(9_001, "load", Instant.now());
        store.request(9_002, "other", Instant.now());
        assertEquals(Map.of(9_001L, List.of("", "load")), store.takeRequests(List.of(9_001L)));
        assertTrue(store.takeRequests(List.of(9_001L)).isEmpty(), "taken once");
        assertEquals(Map.of(9_002L, List.of("other")), store.takeRequests(List.of(9_002L, 9_003L)));
    }

    @Test
    void aStopAskedOfAnEarlierExecutionDoesNotReachTheRestart() throws Exception {
        deploy("request-se", """
                name: request-se
                params:
                  fail: { default: "true" }
                tasks:
                  - { id: a, type: batchlet, with: { ref: failOnDemand, fail: "${params.fail}", duration: 10ms } }
                """);
        long first = start("request-se", Map.of());
        await(first);
        long runId = runId(first);
        assertEquals("FAILED", run(first).status());
        requests().request(runId, null, Instant.now()); // asked when the execution had already ended: never taken

        long second = restart(first, Map.of("fail", "false"));
        await(second);
        assertTrue(requests().takeRequests(List.of(runId)).isEmpty(), "the new execution cleared what was asked of the old one");
        assertEquals("COMPLETED", task(run(second), "a").status());
    }
}
