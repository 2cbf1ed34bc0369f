package io.braid.se;

import io.braid.catalog.UnverifiedJobException;
import io.braid.compile.CompiledWorkflow;
import io.braid.job.JobSpec;
import io.braid.job.StepSpec;
import io.braid.runs.RunView;
import io.braid.runs.TaskTry;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.awaitRun;
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
@Tag("se")
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

    /**
     * While the task runs: a second message for a partition index that already started, a partition whose parameter
     * values were changed on the way, and one for an execution that is not the run's are refused; the genuine
     * partitions run once each and the run completes.
     */
    @Test
    void whileTheTaskRunsARepeatedIndexOrChangedParametersAreRefused() throws Exception {
        CompiledWorkflow wf = deploy("remote-running", """
                name: remote-running
                params:
                  pause: 1s
                tasks:
                  - id: each
                    type: wait
                    fanOut: { items: [a, b] }
                    with: { duration: "${params.pause}" }
                """);
        long exec = start("remote-running", Map.of("pause", "3s"));
        long runId = runId(exec);
        awaitRun(exec, r -> task(r, "each").partitions().stream().filter(t -> "RUNNING".equals(t.status())).count() == 2);

        Properties job = new Properties();
        job.putAll(wf.job().fixedProperties());
        job.setProperty(JobSpec.PARAM_PREFIX + "pause", "3s"); // as the runtime resolved it for this execution
        Properties step = new Properties();
        step.putAll(wf.steps().get("each").fixedProperties());
        step.setProperty(StepSpec.PARTITION_INDEX, "0");

        UnverifiedJobException replayed = assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec, job, "remote-running"), step("each", step)));
        assertTrue(replayed.getMessage().contains("partition 0 of task 'each' already ran"), replayed.getMessage());

        Properties changed = new Properties();
        changed.putAll(job);
        changed.setProperty(JobSpec.PARAM_PREFIX + "pause", "1h");
        Properties second = new Properties();
        second.putAll(step);
        second.setProperty(StepSpec.PARTITION_INDEX, "1");
        UnverifiedJobException forged = assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec, changed, "remote-running"), step("each", second)));
        assertTrue(forged.getMessage().contains("other parameter values"), forged.getMessage());

        UnverifiedJobException elsewhere = assertThrows(UnverifiedJobException.class,
                () -> gate().verifiedPartition(job(runId, exec + 100_000, job, "remote-running"), step("each", second)));
        assertTrue(elsewhere.getMessage().contains("is not running"), elsewhere.getMessage());

        await(exec);
        RunView done = run(exec);
        assertEquals("COMPLETED", done.status(), "the genuine partitions were not disturbed: " + done);
        assertEquals(List.of(0, 1), task(done, "each").partitions().stream().map(TaskTry::partition).sorted().toList(),
                "each index ran once: " + task(done, "each").partitions());
    }

    private static JobContext job(long instance, long execution, Properties properties, String name) {
        return context(JobContext.class, Map.of("getJobName", name, "getInstanceId", instance,
                "getExecutionId", execution, "getProperties", properties));
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
