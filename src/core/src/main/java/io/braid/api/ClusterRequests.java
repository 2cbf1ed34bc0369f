package io.braid.api;

import io.braid.gate.RunGate;
import io.braid.gate.ServerGate;
import io.braid.gate.TaskCanceller;
import io.braid.log.Messages;
import io.braid.runs.RunRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Carries out what was asked of this server's runs through another server of a cluster (stop a run, cancel a task):
 * the other server writes the request into the shared database ({@link RunRequests#request}), this one takes it on its
 * next look and acts as its own API would. Looking costs one query per {@link #EVERY}, and only while runs execute here.
 */
@ApplicationScoped
public class ClusterRequests {
    private static final Logger LOG = Logger.getLogger("io.braid.task");
    /** How soon a stop or cancel given to another server reaches this one. */
    static final Duration EVERY = Duration.ofMillis(500);

    @Inject
    ServerGate gates;
    @Inject
    RunRequests requests;
    @Inject
    TaskCanceller canceller;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gates.every(EVERY, this::take);
    }

    void take() {
        try {
            List<Long> here = gates.active().stream().map(RunGate::runId).toList();
            for (Map.Entry<Long, List<String>> e : requests.takeRequests(here).entrySet()) {
                for (String task : e.getValue()) {
                    Messages.CLUSTER_REQUEST.log(LOG, task.isEmpty() ? "stop" : "cancel of task " + task, e.getKey());
                    // the caller's rights were checked by the server that took the request; this thread has no user, so
                    // it acts through the gate, not the batch runtime's operator (see RunGate.stopAskedElsewhere)
                    if (task.isEmpty()) {
                        gates.find(e.getKey()).ifPresent(RunGate::stopAskedElsewhere);
                    } else {
                        canceller.cancel(e.getKey(), task);
                    }
                }
            }
        } catch (RuntimeException e) {
            Messages.RECORD_WRITE_FAILED.log(LOG, e);
        }
    }
}
