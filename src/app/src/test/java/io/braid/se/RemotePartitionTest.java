package io.braid.se;

import io.braid.catalog.UnverifiedJobException;
import io.braid.compile.CompiledWorkflow;
import io.braid.job.StepSpec;
import io.braid.runs.RunView;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Properties;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.gate;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.runId;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fan-out partition handed to a server that does not run its job (Liberty's multi-JVM batch, docs/scale-out.md) holds
 * no gate there: it is checked against the deployed workflow and the shared run record. Here a partition message is
 * forged or replayed for a run that this JVM runs no more, as one put on the messaging engine's queue would be.
 */
class RemotePartitionTest {

    @Test
    void aReplayedOrForgedPartitionIsRefusedAndLeavesTheRunsRecordAsItWas() throws Exception {
        CompiledWorkflow wf = deploy("remote-se", """
                name: remote-se
                tasks:
                  - id: each
                    type: wait
                    fanOut: { items: [a, b] }
                    with: { duration: 10ms }
                """);
        long exec = start("remote-se", Map.of());
        await(exec);
        long runId = runId(exec);
        assertEquals("COMPLETED", run(exec).status());

        Properties job = new Properties();
        job.putAll(wf.job().fixedProperties());
        Properties step = new Properties();
        step.putAll(wf.steps().get("each").fixedProperties());
        step.setProperty(StepSpec.PARTITION_INDEX, "0");

        // the genuine partition of a task that is not running (its run ended): replayed, it does not run
        UnverifiedJobException replayed = assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec, job), step("each", step)));
        assertTrue(replayed.getMessage().contains("is not running"), replayed.getMessage());

        // a partition whose settings were changed on the way does not match the deployed workflow
        Properties forged = new Properties();
        forged.putAll(step);
        forged.setProperty(StepSpec.SETTING_PREFIX + "duration", "\"1h\"");
        UnverifiedJobException changed = assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec, job), step("each", forged)));
        assertTrue(changed.getMessage().contains("differs from the deployed workflow"), changed.getMessage());

        // a job that is no deployed workflow
        Properties other = new Properties();
        other.putAll(job);
        other.setProperty("braid.workflow", "not-deployed");
        assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec, other), step("each", step)));

        RunView after = run(exec);
        assertEquals("COMPLETED", after.status(), "the run's record is not rewritten by a refused partition");
        assertNull(after.reason());
        assertEquals("COMPLETED", task(after, "each").status());
    }

    private static JobContext job(long instance, long execution, Properties properties) {
        return context(JobContext.class, Map.of("getJobName", "remote-se", "getInstanceId", instance,
                "getExecutionId", execution, "getProperties", properties));
    }

    private static StepContext step(String name, Properties properties) {
        return context(StepContext.class, Map.of("getStepName", name, "getProperties", properties));
    }

    /** A batch context answering only what Braid's check reads. */
    private static <T> T context(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        }));
    }
}
