package io.braid.se;

import io.braid.compile.CompiledWorkflow;
import io.braid.db.Database;
import io.braid.embedded.EmbeddedBraid;
import io.braid.gate.RunGate;
import io.braid.gate.ServerGate;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunRequests;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import io.braid.testkit.BraidTestKit;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** The JBeret SE tier: the test kit on the embedded runtime configured by the build (pom.xml), plus conveniences. */
final class SeBraid {
    static final BraidTestKit KIT = BraidTestKit.embedded();
    private static final EmbeddedBraid BRAID = KIT.runtime();

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
        BRAID.await(executionId, Duration.ofSeconds(60), r -> { });
        return BRAID.operator().getJobExecution(executionId);
    }

    /** Waits until the run's record satisfies the condition (for observing a run while it goes on). */
    static RunView awaitRun(long executionId, Predicate<RunView> until) {
        return KIT.execution(executionId).awaitRecord("the run of execution " + executionId, until);
    }

    static long runId(long executionId) {
        return BRAID.runId(executionId);
    }

    static RunView run(long executionId) {
        return records().run(runId(executionId)).orElseThrow();
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

    static RunExplorer records() {
        return BRAID.records();
    }

    /** The cluster's stop and cancel requests, as another server would write them. */
    static RunRequests requests() {
        return CDI.current().select(RunRequests.class).get();
    }

    static TaskView task(RunView run, String id) {
        return BraidTestKit.task(run, id);
    }
}
