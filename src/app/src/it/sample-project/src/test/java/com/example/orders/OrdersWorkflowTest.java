package com.example.orders;

import io.braid.runs.RunView;
import io.braid.testkit.BraidTestKit;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.braid.testkit.RunAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The workflow this project's build compiled, run on Braid's embedded runtime with the team's own type and batchlet. */
class OrdersWorkflowTest {
    private static final BraidTestKit BRAID = BraidTestKit.embedded();

    @Test
    void theOwnTaskTypeIsRetriedAndPublishesItsOutputAndTheOwnBatchletGetsItsProperty() {
        RunView run = BRAID.run("orders", Map.of("customer", "Initech"));

        assertThat(run).completed()
                .task("greet").completed().attempts(2).output("greeting", "\"Hello, Initech\"")
                .task("shout").completed().startedAfter("greet").output("greeting", "\"Hello, Hello, Initech\"")
                .task("stamp").completed().startedAfter("greet");
        String stamped = BRAID.runtime().operator().getStepExecutions(run.executionId()).stream()
                .filter(s -> s.getStepName().equals("stamp")).map(s -> String.valueOf(s.getPersistentUserData())).findFirst().orElseThrow();
        assertEquals("stamped Initech", stamped);
    }
}
