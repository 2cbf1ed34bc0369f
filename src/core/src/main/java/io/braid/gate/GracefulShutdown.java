package io.braid.gate;

import io.braid.config.ConfigValues;
import io.braid.log.Messages;
import io.braid.model.Durations;
import io.braid.runs.RunStatus;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunExplorer;
import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the application stops (server stop, redeploy), stops the runs executing here the way an operator's stop
 * does: no new task starts, running Braid tasks stop (batchlets at once, chunks at their next checkpoint), and
 * each job execution ends STOPPED, so a restart after the server is back continues where they were. Waits at
 * most {@code braid.shutdown.grace} for them; what is still running then is recorded STOPPED by Braid and left
 * to the batch runtime.
 */
@ApplicationScoped
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());
    private static final Set<BatchStatus> ENDED = Set.of(BatchStatus.STOPPED, BatchStatus.FAILED, BatchStatus.COMPLETED,
            BatchStatus.ABANDONED);

    @Inject
    ServerGate gates;
    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    private Duration grace;

    @PostConstruct
    void settings() {
        grace = ConfigValues.current().duration("braid.shutdown.grace", Duration.ofSeconds(30));
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    void drain(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) {
        if (gates.active().isEmpty()) {
            return;
        }
        Duration limit = grace;
        String graceText = Durations.format(grace);
        JobOperator operator = BatchRuntime.getJobOperator();
        Map<Long, Long> executions = new HashMap<>(); // run -> execution being stopped
        for (RunGate gate : gates.active()) {
            gate.stop(); // no task starts any more
            explorer.run(gate.runId()).ifPresent(r -> executions.put(r.id(), r.executionId()));
        }
        Messages.STOPPING_RUNS.log(LOG, executions.keySet(), graceText);
        executions.forEach((run, execution) -> {
            try {
                operator.stop(execution);
            } catch (RuntimeException e) { // already ending, or the runtime is stopping it itself
                LOG.log(Level.FINE, "stop of run " + run, e);
            }
        });
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && !executions.values().stream().allMatch(e -> ended(operator, e))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executions.forEach((run, execution) -> {
            if (!ended(operator, execution)) {
                Messages.RUN_NOT_STOPPED.log(LOG, run, graceText);
                recorder.executionEnded(run, RunStatus.STOPPED, Instant.now());
            }
        });
    }

    private static boolean ended(JobOperator operator, long execution) {
        try {
            return ENDED.contains(operator.getJobExecution(execution).getBatchStatus());
        } catch (RuntimeException e) {
            return true;
        }
    }
}
