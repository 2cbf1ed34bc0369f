package io.braid.testkit;

import io.braid.compile.CompiledWorkflow;
import io.braid.db.Database;
import io.braid.embedded.EmbeddedBraid;
import io.braid.gate.RunGate;
import io.braid.parse.WorkflowException;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Runs workflows on the embedded runtime of this JVM and waits for them. One runtime per JVM (JBeret SE's is a
 * singleton): {@link #embedded()} opens it on {@code target/braid-testkit} (or the folder named by the system property
 * {@code braid.testkit.dir}), or joins the one the JVM was configured with ({@code braid.db.url}).
 *
 * <pre>{@code
 * BraidTestKit braid = BraidTestKit.embedded();
 * RunView run = braid.run("nightly", Map.of("day", "2026-12-01"));      // a workflow compiled by the build
 * RunAssert.assertThat(run).completed()
 *         .task("report").completed().startedAfter("import-customers", "import-products");
 * }</pre>
 */
public final class BraidTestKit {
    /** How long {@link #run} and the waits of {@link Execution} wait at most, unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final EmbeddedBraid braid;

    private BraidTestKit(EmbeddedBraid braid) {
        this.braid = braid;
    }

    /** The embedded runtime of this JVM. */
    public static synchronized BraidTestKit embedded() {
        if (System.getProperty(Database.URL_PROPERTY) != null) {
            return new BraidTestKit(EmbeddedBraid.fromSystemProperties());
        }
        return embedded(Path.of(System.getProperty("braid.testkit.dir", "target/braid-testkit")));
    }

    /** The embedded runtime of this JVM, on this data folder (its database and run-time compiled jobs). */
    public static synchronized BraidTestKit embedded(Path dataDir) {
        try {
            return new BraidTestKit(EmbeddedBraid.open(dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime underneath, for what the kit does not cover. */
    public EmbeddedBraid runtime() {
        return braid;
    }

    /** Compiles a workflow file and makes it startable by its name (workflows the build compiled need not be). */
    public CompiledWorkflow deploy(Path workflowFile) throws WorkflowException, IOException {
        return braid.deploy(workflowFile);
    }

    /** Compiles a workflow given as YAML text; {@code sourceName} names it in error messages. */
    public CompiledWorkflow deploy(String sourceName, String yaml) throws WorkflowException, IOException {
        return braid.deploy(sourceName, yaml);
    }

    /** Starts a run and waits until it has ended; the run as its records show it. */
    public RunView run(String workflow) {
        return run(workflow, Map.of());
    }

    public RunView run(String workflow, Map<String, String> params) {
        return start(workflow, params).awaitEnd();
    }

    /** Starts a run without waiting. */
    public Execution start(String workflow, Map<String, String> params) {
        return new Execution(braid.start(workflow, params));
    }

    /** A job execution started otherwise (e.g. through the batch runtime's JobOperator). */
    public Execution execution(long executionId) {
        return new Execution(executionId);
    }

    /** Restarts a FAILED or STOPPED run (its latest execution) and waits until it has ended. */
    public RunView restart(RunView run, Map<String, String> params) {
        return new Execution(braid.restart(run.executionId(), params)).awaitEnd();
    }

    /** One job execution of a run: a start or a restart. */
    public final class Execution {
        private final long executionId;

        Execution(long executionId) {
            this.executionId = executionId;
        }

        public long executionId() {
            return executionId;
        }

        public long runId() {
            return braid.runId(executionId);
        }

        /** The run's records now. */
        public RunView record() {
            return braid.records().run(runId()).orElseThrow(() -> new AssertionError("no record of run " + runId() + " yet"));
        }

        /** Waits until this execution has ended and the run's record says so. */
        public RunView awaitEnd() {
            return awaitEnd(DEFAULT_TIMEOUT);
        }

        public RunView awaitEnd(Duration atMost) {
            try {
                braid.await(executionId, atMost, r -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for run " + runId(), e);
            }
            return record();
        }

        /** Waits until the run's record satisfies the condition (e.g. a task is RUNNING); the record then. */
        public RunView awaitRecord(String what, Predicate<RunView> condition) {
            return await(what).atMost(DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO)
                    .until(() -> braid.records().run(runId()).orElse(null), r -> r != null && condition.test(r));
        }

        /** Waits until the task has the status. */
        public RunView awaitTask(String task, String status) {
            return awaitRecord("task " + task + " " + status, r -> r.tasks().stream()
                    .anyMatch(t -> t.id().equals(task) && t.status().equals(status)));
        }

        /** Asks the batch runtime to stop the execution (as an operator's stop). */
        public Execution stop() {
            braid.stop(executionId);
            return this;
        }

        /** Cancels one task of the running run. */
        public Optional<RunGate.CancelResult> cancel(String task) {
            return braid.cancel(executionId, task);
        }
    }

    /** The task of a run, or an assertion error naming the tasks there are. */
    public static TaskView task(RunView run, String id) {
        return run.tasks().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("run " + run.id() + " has no task " + id + ": "
                        + run.tasks().stream().map(TaskView::id).toList()));
    }
}
