package io.braid.jmsprobe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * A test-only application that ClusterIT puts on the member server (dropins/jmsprobe.war): a stranger on the network
 * who reaches the cluster's messaging endpoint over TLS and tries to log in.
 */
@ApplicationPath("/")
public class JmsProbeApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JmsProbeResource.class);
    }
}
