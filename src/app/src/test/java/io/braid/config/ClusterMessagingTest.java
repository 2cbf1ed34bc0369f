package io.braid.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster server refuses to start (BRAID0017E) when its messaging endpoint would take work from other machines
 * without TLS and a login; on one machine, or with TLS and a login, it starts.
 */
@Tag("unit")
class ClusterMessagingTest {

    private static Optional<String> problem(Map<String, String> settings) {
        return ClusterMessaging.problem(new ConfigValues(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build()));
    }

    @Test
    void anEngineWithoutTlsListensOnLoopbackOnly() {
        for (String listen : new String[] {"*", "0.0.0.0", "10.0.0.5", "braid-0.braid-headless", "::"}) {
            Optional<String> p = problem(Map.of("braid.cluster.role", "engine", "braid.jms.listen", listen));
            assertTrue(p.isPresent(), listen);
            assertTrue(p.get().contains("braid.jms.security=tls"), p.get());
        }
        for (String listen : new String[] {"localhost", "127.0.0.1", "127.0.1.1", "::1"}) {
            assertEquals(Optional.empty(), problem(Map.of("braid.cluster.role", "engine", "braid.jms.listen", listen)), listen);
        }
        assertEquals(Optional.empty(), problem(Map.of("braid.cluster.role", "engine")), "the default: loopback");
        assertEquals(Optional.empty(), problem(Map.of("braid.jms.listen", "*")), "not a cluster server");
    }

    @Test
    void tlsNeedsTheClustersLogin() {
        Optional<String> p = problem(Map.of("braid.cluster.role", "member", "braid.jms.security", "tls", "braid.jms.user", "braid"));
        assertTrue(p.isPresent() && p.get().contains("braid.jms.password"), p.toString());
        assertEquals(Optional.empty(), problem(Map.of("braid.cluster.role", "engine", "braid.jms.security", "tls",
                "braid.jms.listen", "*", "braid.jms.user", "braid", "braid.jms.password", "s3cret")));
        assertTrue(problem(Map.of("braid.cluster.role", "engine", "braid.jms.security", "plain")).orElseThrow()
                .contains("expected none or tls"));
    }
}
