package io.braid.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Braid's REST API under /braid/api. Access rules are in the library's META-INF/web-fragment.xml and on the resources. */
@ApplicationPath("/braid/api")
@OpenAPIDefinition(
        info = @Info(title = "Braid API", version = "1",
                description = "Parallel DAG workflows for Jakarta Batch: start, watch, stop, restart and cancel runs. "
                        + "Roles: admin (batchAdmin), operator (batchSubmitter), viewer (batchMonitor)."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic",
        type = SecuritySchemeType.HTTP, scheme = "basic")
public class BraidApi extends Application {
}
