package io.braid.se;

import io.braid.compile.CompiledWorkflow;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import io.braid.testkit.Timeline;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static io.braid.testkit.RunAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs compiled workflows on JBeret SE and checks the recorded timelines. */
@Tag("se")
class EmbeddedRunTest {

    @Test
    void independentTasksOverlapAndNoTaskStartsBeforeItsNeedsEnd() throws Exception {
        deploy("classic-se", Files.readString(Path.of("src/main/workflows/classic.yaml"))
                .replace("name: classic", "name: classic-se"));
        JobExecution e = await(start("classic-se", Map.of("importTime", "400ms", "analysisTime", "200ms")));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());
        // analyse-customers depends only on import-customers (400 ms), import-products takes 2 s: it must not wait
        assertThat(r).completed()
                .tasks("COMPLETED", "import-customers", "import-products", "analyse-customers", "analyse-products", "combined-report")
                .task("import-customers").ranAlongside("import-products")
                .task("analyse-customers").ranAlongside("import-products").startedAfter("import-customers")
                .task("combined-report").startedAfter("analyse-customers", "analyse-products");
        assertNeedsRespected(r, Map.of(
                "analyse-customers", List.of("import-customers"),
                "analyse-products", List.of("import-products"),
                "combined-report", List.of("analyse-customers", "analyse-products")));
    }

    @Test
    void nShapeTaskStartsWhenItsOwnNeedsEndNotAfterTheSlowSibling() throws Exception {
        deploy("nshape-se", """
                name: nshape-se
                tasks:
                  - { id: a, type: wait, with: { duration: 200ms } }
                  - { id: b, type: wait, with: { duration: 300ms } }
                  - { id: c, type: wait, needs: [a, b], with: { duration: 100ms } }
                  - { id: d, type: wait, needs: b, with: { duration: 1s } }
                """);
        JobExecution e = await(start("nshape-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());
        TaskView a = task(r, "a");
        TaskView b = task(r, "b");
        TaskView c = task(r, "c");
        TaskView d = task(r, "d");
        Instant needsEnded = a.end().isAfter(b.end()) ? a.end() : b.end();
        long lag = Timeline.millisBetween(needsEnded, c.start());
        assertTrue(lag >= 0 && lag < 250, "c must start right after a and b end (lag " + lag + " ms): " + r);
        assertTrue(c.end().isBefore(d.end()), "c must not wait for d: " + r);
        assertTrue(Timeline.overlap(c, d), "c and d run side by side: " + r);
        assertNeedsRespected(r, Map.of("c", List.of("a", "b"), "d", List.of("b")));
    }

    @Test
    void failureSkipsDependentsOnlyAndRestartRunsOnlyWhatDidNotComplete() throws Exception {
        deploy("flaky-se", Files.readString(Path.of("src/main/workflows/flaky.yaml"))
                .replace("name: flaky", "name: flaky-se"));
        JobExecution first = await(start("flaky-se", Map.of("fail", "true")));
        assertEquals(BatchStatus.FAILED, first.getBatchStatus());
        RunView r1 = run(first.getExecutionId());
        assertThat(r1).failed()
                .task("transform").failed().errorContains("failed on demand")
                .task("load").skipped()
                .task("audit").completed() // the independent branch completes
                .task("publish").skipped()
                .task("extract").completed();
        assertEquals(Set.of("extract", "transform", "audit"), taskStepsRun(first.getExecutionId()),
                "skipped tasks must not run");

        long restarted = SeBraid.restart(first.getExecutionId(), Map.of("fail", "false"));
        JobExecution second = await(restarted);
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(Set.of("transform", "load", "publish"), taskStepsRun(restarted),
                "the restart must run only the failed and skipped tasks");
        RunView r2 = run(restarted);
        assertEquals(r1.id(), r2.id(), "a restart continues the same run");
        assertThat(r2).completed().executions(2)
                .tasks("COMPLETED", "extract", "transform", "load", "audit", "publish")
                .task("extract").attempts(1).task("audit").attempts(1)
                .task("transform").attempts(2).task("load").attempts(1).task("publish").attempts(1);
    }

    @Test
    void failureInAGatedChainSkipsCrossFlowDependentsAndRestartCompletesThem() throws Exception {
        // N shape with the failing task feeding both c (gated, other flow) and d
        deploy("nshape-fail-se", """
                name: nshape-fail-se
                params: { fail: "true" }
                tasks:
                  - { id: a, type: wait, with: { duration: 100ms } }
                  - { id: b, type: batchlet, with: { ref: failOnDemand, fail: "${params.fail}", duration: 50ms } }
                  - { id: c, type: wait, needs: [a, b], with: { duration: 50ms } }
                  - { id: d, type: wait, needs: b, with: { duration: 50ms } }
                  - { id: e, type: wait, needs: a, with: { duration: 300ms } }
                """);
        JobExecution first = await(start("nshape-fail-se", Map.of()));
        assertEquals(BatchStatus.FAILED, first.getBatchStatus());
        RunView r1 = run(first.getExecutionId());
        assertEquals(Map.of("a", "COMPLETED", "b", "FAILED", "c", "SKIPPED", "d", "SKIPPED", "e", "COMPLETED"),
                statuses(r1));
        JobExecution second = await(SeBraid.restart(first.getExecutionId(), Map.of("fail", "false")));
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(Set.of("b", "c", "d"), taskStepsRun(second.getExecutionId()));
        RunView r2 = run(second.getExecutionId());
        assertTrue(r2.tasks().stream().allMatch(t -> t.status().equals("COMPLETED")), r2::toString);
    }

    @Test
    void maxParallelCapsPeakConcurrencyExactly() throws Exception {
        StringBuilder yaml = new StringBuilder("name: cap-se\nmaxParallel: 4\ntasks:\n");
        for (int i = 0; i < 50; i++) {
            yaml.append("  - { id: t").append(i).append(", type: wait, with: { duration: 60ms } }\n");
        }
        CompiledWorkflow c = deploy("cap-se", yaml.toString());
        assertEquals(51, c.threads(), "the job thread (waiting on the split) and one per flow");
        JobExecution e = await(start("cap-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());
        assertEquals(50, r.tasks().stream().filter(t -> t.status().equals("COMPLETED")).count());
        assertEquals(4, Timeline.peakConcurrency(r.tasks()), "peak running tasks must be exactly maxParallel");
    }

    @Test
    void waitingTasksGetSlotsInPriorityOrder() throws Exception {
        // one slot: whichever task reaches it first holds it for 600 ms while the other three queue up (their
        // flows start within milliseconds; the margin is for a loaded machine); they must get it in priority order
        deploy("prio-se", """
                name: prio-se
                maxParallel: 1
                tasks:
                  - { id: low, type: wait, priority: low, with: { duration: 600ms } }
                  - { id: normal, type: wait, with: { duration: 600ms } }
                  - { id: high, type: wait, priority: high, with: { duration: 600ms } }
                  - { id: critical, type: wait, priority: critical, with: { duration: 600ms } }
                """);
        JobExecution e = await(start("prio-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());
        List<String> order = r.tasks().stream().sorted(Comparator.comparing(TaskView::start))
                .map(TaskView::id).toList();
        List<String> queued = order.subList(1, order.size());
        List<String> byPriority = List.of("critical", "high", "normal", "low").stream().filter(queued::contains).toList();
        assertEquals(byPriority, queued, "start order " + order);
        assertEquals(1, Timeline.peakConcurrency(r.tasks()));
    }

    @Test
    void stopEndsTheRunStoppedAndRestartRunsOnlyTheUnfinishedTasks() throws Exception {
        deploy("stop-se", """
                name: stop-se
                params: { dTime: 30s }
                tasks:
                  - { id: a, type: wait, with: { duration: 50ms } }
                  - { id: b, type: wait, with: { duration: 50ms } }
                  - { id: c, type: wait, needs: [a, b], with: { duration: 50ms } }
                  - { id: d, type: wait, needs: b, with: { duration: "${params.dTime}" } }
                  - { id: e, type: wait, needs: d, with: { duration: 50ms } }
                """);
        long exec = start("stop-se", Map.of());
        SeBraid.awaitRun(exec, r -> task(r, "d").status().equals("RUNNING") && task(r, "c").status().equals("COMPLETED"));
        SeBraid.operator().stop(exec);
        JobExecution stopped = await(exec);
        assertEquals(BatchStatus.STOPPED, stopped.getBatchStatus());
        RunView r1 = run(exec);
        assertEquals("STOPPED", r1.status());
        assertEquals(Map.of("a", "COMPLETED", "b", "COMPLETED", "c", "COMPLETED", "d", "STOPPED", "e", "STOPPED"),
                statuses(r1));
        assertTrue(Timeline.millisBetween(task(r1, "d").start(), task(r1, "d").end()) < 10_000, "d was stopped, not waited out");

        JobExecution second = await(SeBraid.restart(exec, Map.of("dTime", "50ms")));
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(Set.of("d", "e"), taskStepsRun(second.getExecutionId()));
    }

    @Test
    void aJobStartedWithoutARequiredParameterFailsBeforeAnyTaskRuns() throws Exception {
        deploy("required-se", """
                name: required-se
                params: { day: { description: business day } }
                tasks:
                  - { id: a, type: batchlet, with: { ref: failOnDemand, fail: "false", duration: "${params.day}" } }
                """);
        JobExecution e = await(start("required-se", Map.of()));
        assertEquals(BatchStatus.FAILED, e.getBatchStatus());
        assertEquals(Set.of(), taskStepsRun(e.getExecutionId()));
        assertEquals("FAILED", run(e.getExecutionId()).status());
    }

    @Test
    void theLongestRemainingChainGetsFreeSlotsFirst() throws Exception {
        // 18 independent 100 ms tasks declared first, and a chain of 6 x 300 ms, under a cap of 2: served in
        // arrival order the chain would wait behind short tasks; longest remaining path first keeps one slot on it
        StringBuilder yaml = new StringBuilder("name: critical-se\nmaxParallel: 2\ntasks:\n");
        for (int i = 0; i < 18; i++) {
            yaml.append("  - { id: s").append(i).append(", type: wait, with: { duration: 100ms } }\n");
        }
        for (int i = 0; i < 6; i++) {
            yaml.append("  - { id: c").append(i).append(", type: wait, with: { duration: 300ms }")
                    .append(i > 0 ? ", needs: [c" + (i - 1) + "]" : "").append(" }\n");
        }
        deploy("critical-se", yaml.toString());
        JobExecution e = await(start("critical-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        RunView r = run(e.getExecutionId());
        // an order, not a timing: whenever a chain task became ready, the slot its need freed went to it, so a short
        // task that started between one chain task's end and the next one's start can only have taken the slot of a
        // short task that ended in that gap (a recorded start follows the grant by a few ms, so the two cannot be told
        // apart when they coincide). Served in arrival order, the chain would wait behind every short task instead.
        // The makespan is a benchmark's matter, and SchedulerTest checks the order on a controlled clock.
        for (int i = 1; i < 6; i++) {
            Instant ready = task(r, "c" + (i - 1)).end();
            Instant started = task(r, "c" + i).start();
            List<TaskView> shortOnes = r.tasks().stream().filter(t -> t.id().startsWith("s")).toList();
            List<TaskView> startedInGap = shortOnes.stream()
                    .filter(t -> !t.start().isBefore(ready) && t.start().isBefore(started))
                    .sorted(Comparator.comparing(TaskView::start)).toList();
            List<String> overtook = new ArrayList<>();
            for (int k = 0; k < startedInGap.size(); k++) {
                Instant at = startedInGap.get(k).start();
                long freedByShort = shortOnes.stream().filter(t -> !t.end().isBefore(ready) && !t.end().isAfter(at)).count();
                if (k + 1 > freedByShort) {
                    overtook.add(startedInGap.get(k).id());
                }
            }
            assertTrue(overtook.isEmpty(), "c" + i + " waited behind " + overtook + ":\n" + Timeline.describe(r));
        }
        assertEquals(2, Timeline.peakConcurrency(r.tasks()));
    }

    private static void assertNeedsRespected(RunView r, Map<String, List<String>> needs) {
        needs.forEach((task, ns) -> {
            TaskView t = task(r, task);
            assertNotNull(t.start(), task + " never started");
            for (String n : ns) {
                assertTrue(!t.start().isBefore(task(r, n).end()), task + " started before its need " + n + " ended: " + r);
            }
        });
    }

    private static Map<String, String> statuses(RunView r) {
        return r.tasks().stream().collect(Collectors.toMap(TaskView::id, TaskView::status));
    }

    /** Task steps the batch runtime itself executed in one job execution (independent of Braid's records). */
    private static Set<String> taskStepsRun(long executionId) {
        List<StepExecution> steps = SeBraid.operator().getStepExecutions(executionId);
        return steps.stream().map(StepExecution::getStepName).filter(n -> !n.contains("."))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
