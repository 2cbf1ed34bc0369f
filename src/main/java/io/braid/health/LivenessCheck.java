package io.braid.health;

import io.braid.gate.Scheduler;
import io.braid.gate.ServerGate;
import jakarta.enterprise.context.ApplicationScoped;
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

    @Override
    public HealthCheckResponse call() {
        Duration beat = gate.settings().lease().dividedBy(3);
        Duration stuckAfter = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("braid.health.stuckAfter", String.class)
                .flatMap(io.braid.model.Durations::parse).orElse(Duration.ofMinutes(5));
        Scheduler.Liveness l = gate.scheduler().liveness(stuckAfter);
        boolean heartbeatOk = l.sinceHeartbeat().compareTo(beat.multipliedBy(3)) <= 0;
        HealthCheckResponseBuilder b = HealthCheckResponse.named("braid-gate")
                .withData("sinceHeartbeatMs", l.sinceHeartbeat().toMillis())
                .withData("stuckTasks", String.join(", ", l.stuck()));
        return (heartbeatOk && l.stuck().isEmpty() ? b.up() : b.down()).build();
    }
}
