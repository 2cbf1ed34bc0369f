package io.braid.gate;

import io.braid.log.Messages;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunExplorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * When the application starts (a server after a crash or kill, an embedded runner after another one died), runs
 * that the records still show in flight but whose execution died with its JVM are recorded as such: FAILED with the
 * reason, their unfinished tasks STOPPED, so the dashboard offers Restart and a restart runs them again. Only the
 * runs this JVM can vouch for: its own (same server id), or a runner process on this machine that has ended.
 */
@ApplicationScoped
public class Reconciler {
    public static final String REASON = "the server stopped while the run was in flight";
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    @Inject
    ServerGate gates;

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        reconcile();
    }

    /** @return the runs recorded as lost */
    public List<Long> reconcile() {
        Map<Long, String> inFlight = explorer.inFlight();
        List<Long> lost = inFlight.entrySet().stream()
                .filter(e -> gates.find(e.getKey()).isEmpty() && gates.owner().outlived(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!lost.isEmpty()) {
            recorder.lost(lost, REASON, Instant.now());
            Messages.RUNS_RECONCILED.log(LOG, lost, gates.owner().isRunner() ? "runner" : "server");
        }
        return lost;
    }
}
