package io.braid.se;

import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.embedded.CompiledJobResolver;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RunStore;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** The JBeret SE tier: compiles workflows, runs them in-process on JBeret + Weld SE + H2, reads the records. */
final class SeBraid {
    private static final EnumSet<BatchStatus> ENDED =
            EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private SeBraid() {
    }

    static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    static CompiledWorkflow deploy(String name, String yaml) throws Exception {
        CompiledWorkflow c = new WorkflowCompiler().compile(new WorkflowParser().parse(name + ".yaml", yaml));
        Path dir = Path.of(System.getProperty(CompiledJobResolver.JOBS_DIR));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(c.workflow().name() + ".xml"), c.jobXml());
        return c;
    }

    static long start(String job, Map<String, String> params) {
        return operator().start(job, props(params));
    }

    static long restart(long executionId, Map<String, String> params) {
        return operator().restart(executionId, props(params));
    }

    /**
     * Waits until the job execution has ended and Braid's listener has settled the run record (JBeret marks
     * the execution COMPLETED just before it calls afterJob).
     */
    static JobExecution await(long executionId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JobExecution e = operator().getJobExecution(executionId);
            if (ENDED.contains(e.getBatchStatus())
                    && store().run(runId(executionId)).map(r -> !r.status().equals("RUNNING")).orElse(false)) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job execution " + executionId + " did not end within 60 s");
    }

    /** Polls the run record until the predicate holds (for observing a run while it goes on). */
    static RunView awaitRun(long executionId, Predicate<RunView> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            RunView r = store().run(runId(executionId)).orElse(null);
            if (r != null && until.test(r)) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run of execution " + executionId + " never reached the expected state");
    }

    static long runId(long executionId) {
        return operator().getJobInstance(executionId).getInstanceId();
    }

    static RunView run(long executionId) {
        return store().run(runId(executionId)).orElseThrow();
    }

    static RunStore store() {
        return CDI.current().select(RunStore.class).get();
    }

    static TaskView task(RunView run, String id) {
        return run.tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id + " in " + run));
    }

    private static Properties props(Map<String, String> params) {
        Properties p = new Properties();
        p.putAll(params);
        return p;
    }
}
