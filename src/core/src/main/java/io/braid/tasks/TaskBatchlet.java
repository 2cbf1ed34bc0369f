package io.braid.tasks;

import io.braid.catalog.TaskTypeRegistry;
import io.braid.db.Database;
import io.braid.job.Artifacts;
import io.braid.runs.Failures;
import io.braid.runs.ProgressStore;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskType;
import io.braid.tasks.retry.AttemptGuard;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Map;

/**
 * The batchlet of every task whose type has a run-time action ({@link io.braid.spi.TaskType#action}): built-in and
 * your own types alike. It creates the type's action with the task's context, registers its cancel, runs its
 * attempts under the task's retry policy, publishes the outputs, and lets no unmasked failure out.
 */
@Named(Artifacts.TASK)
@Dependent
public class TaskBatchlet extends AbstractBatchlet {
    @Inject
    RunningTask task;
    @Inject
    TaskTypeRegistry registry;
    @Inject
    Database database;
    @Inject
    ProgressStore progress;
    @Inject
    RunPolicies policies;
    @Inject
    AttemptGuard attempts;

    private volatile TaskAction action;
    private volatile boolean stopping;

    @Override
    public String process() throws Exception {
        task.verifyGranted();
        return task.tracked(() -> {
            try {
                return run();
            } catch (Exception e) {
                if (stopping && !task.cancelled()) {
                    return "STOPPED"; // the run is being stopped: the step ends STOPPED and a restart runs it again
                }
                throw Failures.masked(e, task::masked);
            }
        });
    }

    private String run() throws Exception {
        TaskType type = registry.types().get(task.type());
        TaskAction a = type.action(new TaskRun(task, type, database, progress, policies));
        action = a;
        task.onCancel(a::cancel);
        if (stopping) {
            a.cancel();
        }
        // each attempt under the type's Fault Tolerance timeout and bulkhead (AttemptGuard), all under its retry policy
        Map<String, Object> outputs = task.guarded(() -> AttemptGuard.attempt(attempts, type.name(), a::attempt));
        task.publish(Outputs.json(outputs));
        return "COMPLETED";
    }

    @Override
    public void stop() {
        stopping = true;
        TaskAction a = action;
        if (a != null) {
            a.cancel();
        }
    }
}
