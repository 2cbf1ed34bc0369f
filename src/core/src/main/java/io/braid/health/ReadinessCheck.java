package io.braid.health;

import io.braid.db.Database;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;

/** Ready when Braid's database answers, its migrations are applied and the batch runtime is there. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    Database database;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("braid-ready").up();
        try (Connection c = database.dataSource().getConnection()) {
            b.withData("database", c.isValid(5) ? "reachable" : "not valid");
            if (!c.isValid(5)) {
                b.down();
            }
        } catch (Exception e) {
            return b.down().withData("database", "unreachable: " + e.getMessage()).build();
        }
        try {
            int pending = database.pendingMigrations();
            b.withData("pendingMigrations", pending);
            if (pending > 0) {
                b.down();
            }
        } catch (RuntimeException e) {
            b.down().withData("migrations", "cannot read: " + e.getMessage());
        }
        try {
            b.withData("batchRuntime", BatchRuntime.getJobOperator() != null ? "available" : "missing");
        } catch (RuntimeException e) {
            b.down().withData("batchRuntime", "unavailable: " + e.getMessage());
        }
        return b.build();
    }
}
