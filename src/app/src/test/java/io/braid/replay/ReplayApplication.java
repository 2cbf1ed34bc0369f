package io.braid.replay;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * A test-only application that ClusterIT puts beside Braid on the messaging engine's server (dropins/replay.war): an
 * insider holding the cluster's messaging login, who replays the partition messages waiting on the queue.
 */
@ApplicationPath("/")
public class ReplayApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ReplayResource.class);
    }
}
