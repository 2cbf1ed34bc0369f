package io.braid.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Braid's REST API under /braid/api. Access rules are in WEB-INF/web.xml and on the resources. */
@ApplicationPath("/api")
@org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition(
        info = @org.eclipse.microprofile.openapi.annotations.info.Info(title = "Braid API", version = "1",
                description = "Parallel DAG workflows for Jakarta Batch: start, watch, stop, restart and cancel runs. "
                        + "Roles: admin (batchAdmin), operator (batchSubmitter), viewer (batchMonitor)."),
        security = @org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = "basic"))
@org.eclipse.microprofile.openapi.annotations.security.SecurityScheme(securitySchemeName = "basic",
        type = org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType.HTTP, scheme = "basic")
public class BraidApi extends Application {
}
