package io.braid.api;

import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens the batch runtime's job repository on this server's first authenticated API call. Liberty recovers the fan-out
 * partitions a server was running for other servers' jobs when it died (marks them FAILED, which lets their jobs be
 * restarted) only when its job repository is first used, and it lets no code without a user use it; a member of a
 * cluster that runs no job of its own would otherwise leave them unfinished, and their runs unrestartable
 * (docs/scale-out.md, "Failure modes").
 */
@Provider
public class RepositoryRecovery implements ContainerRequestFilter {
    /** JAX-RS makes one instance of a provider per application. */
    private final AtomicBoolean opened = new AtomicBoolean();

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() == null || opened.get()) {
            return;
        }
        try {
            BatchRuntime.getJobOperator().getJobNames(); // as the caller: any batch role may read
            opened.set(true);
        } catch (JobSecurityException noBatchRole) {
            // a caller without a batch role: the next one opens it
        }
    }
}
