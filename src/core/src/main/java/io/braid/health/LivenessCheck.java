package io.braid.health;

import io.braid.config.ConfigValues;
import io.braid.gate.Scheduler;
import io.braid.gate.ServerGate;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;

/**
 * Live unless the gate is stuck: its heartbeat (which renews leases) stopped for more than three lease-renewal
 * periods, or a task has waited longer than {@code braid.health.stuckAfter} (5 min) with nothing holding it back.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    @Inject
    ServerGate gate;
    private Duration stuckAfter;

    @PostConstruct
    void settings() {
        stuckAfter = ConfigValues.current().duration("braid.health.stuckAfter", Duration.ofMinutes(5));
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    @Override
    public HealthCheckResponse call() {
        Duration beat = gate.settings().lease().dividedBy(3);
        Scheduler.Liveness l = gate.scheduler().liveness(stuckAfter);
        boolean heartbeatOk = l.sinceHeartbeat().compareTo(beat.multipliedBy(3)) <= 0;
        HealthCheckResponseBuilder b = HealthCheckResponse.named("braid-gate")
                .withData("sinceHeartbeatMs", l.sinceHeartbeat().toMillis())
                .withData("stuckTasks", String.join(", ", l.stuck()));
        return (heartbeatOk && l.stuck().isEmpty() ? b.up() : b.down()).build();
    }
}
