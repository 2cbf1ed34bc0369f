package io.braid.gate;

import io.braid.log.Messages;
import io.braid.runs.TaskStatus;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * What Braid counts and times about runs and tasks. On Liberty this is MicroProfile Metrics
 * ({@link MpRunMetrics}); the embedded runner has none (there the metrics API is not even on the class path:
 * with it, MicroProfile Fault Tolerance would insist on a registry), so {@link #NONE} stands in.
 */
public interface RunMetrics {
    /** A task was granted its start {@code latency} after its last need ended (or its run began). */
    default void taskStarted(String workflow, String task, Duration latency) {
    }

    void taskEnded(String workflow, String task, TaskStatus status, Duration took);

    void taskRetried(String workflow, String task);

    void runEnded(String workflow, String status);

    RunMetrics NONE = new RunMetrics() {
        @Override
        public void taskEnded(String workflow, String task, TaskStatus status, Duration took) {
        }

        @Override
        public void taskRetried(String workflow, String task) {
        }

        @Override
        public void runEnded(String workflow, String status) {
        }
    };

    /**
     * MicroProfile Metrics if its API and a registry are there, else {@link #NONE}; registers the gate's gauges.
     *
     * @param beans the application's beans, as injected (on Liberty the registry is resolved through them)
     */
    static RunMetrics create(Instance<Object> beans, AdaptiveCap cap, Scheduler scheduler, boolean perTask,
                             IntSupplier waitingForNeeds, IntSupplier secretsHeld) {
        Class<?> api;
        try {
            api = Class.forName("org.eclipse.microprofile.metrics.MetricRegistry", false, RunMetrics.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return NONE;
        }
        try {
            Instance<?> registries = beans.select(api);
            if (registries.isResolvable() && registries.get() != null) {
                return new MpRunMetrics(registries.get(), cap, scheduler, waitingForNeeds, secretsHeld, perTask);
            }
        } catch (RuntimeException e) { // metrics are an extra: never let them keep the gate from opening
            Messages.METRICS_NOT_REGISTERED.log(Logger.getLogger(RunMetrics.class.getName()), e);
        }
        return NONE;
    }
}
