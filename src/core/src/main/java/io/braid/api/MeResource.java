package io.braid.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import static io.braid.json.JsonP.JSON;

/** Who is calling: the dashboard shows the user and offers only what their role may do. */
@Path("/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.SUBMITTER, Roles.MONITOR})
@Tag(name = "me", description = "The logged-in user")
public class MeResource {
    @Context
    SecurityContext caller;

    @Operation(operationId = "getMe", summary = "The logged-in user, their Braid roles (admin, operator, viewer) and whether they may start runs")
    @APIResponse(responseCode = "200", description = "the user", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.Me.class), examples = @ExampleObject(name = "example", value = ApiExamples.ME)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    public JsonObject me() {
        JsonArrayBuilder roles = JSON.createArrayBuilder();
        boolean admin = caller.isUserInRole(Roles.ADMIN);
        boolean operator = caller.isUserInRole(Roles.SUBMITTER);
        if (admin) {
            roles.add("admin");
        }
        if (operator) {
            roles.add("operator");
        }
        if (caller.isUserInRole(Roles.MONITOR)) {
            roles.add("viewer");
        }
        return JSON.createObjectBuilder().add("user", caller.getUserPrincipal().getName())
                .add("roles", roles).add("canStart", admin || operator).build();
    }
}
