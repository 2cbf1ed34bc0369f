package io.braid.se;

import io.braid.compile.CompiledWorkflow;
import io.braid.embedded.EmbeddedBraid;
import io.braid.gate.RunGate;
import io.braid.gate.ServerGate;
import io.braid.runs.Database;
import io.braid.runs.RunStore;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** The JBeret SE tier: the embedded runtime configured by the build (pom.xml), plus test conveniences. */
final class SeBraid {
    private static final EmbeddedBraid BRAID = EmbeddedBraid.fromSystemProperties();

    private SeBraid() {
    }

    static JobOperator operator() {
        return BRAID.operator();
    }

    static CompiledWorkflow deploy(String name, String yaml) throws Exception {
        return BRAID.deploy(name + ".yaml", yaml);
    }

    static long start(String job, Map<String, String> params) {
        return BRAID.start(job, params);
    }

    static long restart(long executionId, Map<String, String> params) {
        return BRAID.restart(executionId, params);
    }

    static JobExecution await(long executionId) throws InterruptedException {
        return BRAID.await(executionId, Duration.ofSeconds(60), r -> { });
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
        return BRAID.runId(executionId);
    }

    static RunView run(long executionId) {
        return store().run(runId(executionId)).orElseThrow();
    }

    static RunGate.CancelResult cancel(long executionId, String task) {
        return BRAID.cancel(executionId, task).orElseThrow(() -> new AssertionError("run not executing"));
    }

    static ServerGate gate() {
        return BRAID.gate();
    }

    /** Where workflow SQL runs: the task user's schema of Braid's database (the tasks' tables live there). */
    static DataSource dataSource() {
        return CDI.current().select(Database.class).get().taskDataSource();
    }

    static RunStore store() {
        return BRAID.store();
    }

    static TaskView task(RunView run, String id) {
        return run.tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id + " in " + run));
    }
}
