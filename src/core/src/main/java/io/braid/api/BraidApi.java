package io.braid.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.util.Set;

/**
 * Braid's REST API under /braid/api, where the library's web-fragment.xml, its filters and the resources' own role
 * checks protect it. It lists its classes, so a host application's own {@code Application} is not needed to find
 * them; {@link BraidOnly} answers 404 if a host application that scans for resources picks them up anyway.
 */
@ApplicationPath(BraidApi.PATH)
@OpenAPIDefinition(
        info = @Info(title = "Braid API", version = "1",
                description = "Parallel DAG workflows for Jakarta Batch: start, watch, stop, restart and cancel runs. "
                        + "Roles: admin (batchAdmin), operator (batchSubmitter), viewer (batchMonitor)."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic",
        type = SecuritySchemeType.HTTP, scheme = "basic")
public class BraidApi extends Application {
    /** Where the API is, relative to the application's context root. */
    public static final String PATH = "/braid/api";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(WorkflowsResource.class, RunsResource.class, ResourcesResource.class, MeResource.class,
                ErrorMapper.class, RepositoryRecovery.class, BraidOnly.class);
    }
}
