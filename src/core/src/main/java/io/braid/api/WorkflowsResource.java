package io.braid.api;

import io.braid.catalog.WorkflowCatalog;
import io.braid.gate.RunOperations;
import io.braid.views.JsonViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.StringReader;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.braid.json.JsonP.JSON;

/** Deployed workflows, and starting runs of them. */
@Path("/workflows")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.SUBMITTER, Roles.MONITOR})
@Tag(name = "workflows", description = "The workflows deployed in this application")
public class WorkflowsResource {
    @Inject
    WorkflowCatalog catalog;
    @Inject
    RunService runs;
    @Context
    SecurityContext caller;

    @Operation(operationId = "listWorkflows", summary = "List the deployed workflows")
    @APIResponse(responseCode = "200", description = "the workflows", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = ApiSchemas.WorkflowSummary.class), examples = @ExampleObject(name = "example", value = ApiExamples.WORKFLOWS)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    public JsonValue list() {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        catalog.all().forEach(c -> a.add(JsonViews.workflowSummary(c)));
        return a.build();
    }

    @Operation(operationId = "getWorkflow", summary = "One workflow: its tasks, graph and compiled job XML")
    @APIResponse(responseCode = "200", description = "the workflow", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.Workflow.class), examples = @ExampleObject(name = "example", value = ApiExamples.WORKFLOW)))
    @APIResponse(responseCode = "404", description = "no such workflow", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    @Path("/{name}")
    public JsonObject get(@PathParam("name") String name) {
        return JsonViews.workflow(catalog.find(name).orElseThrow(() -> ApiException.notFound("workflow '" + name + "'")));
    }

    @Operation(operationId = "forecastWorkflow", summary = "How long a run would take: each task's predicted start and end, "
            + "from the durations of the workflow's recent completed runs, played through Braid's scheduling rules")
    @APIResponse(responseCode = "200", description = "the forecast", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.Forecast.class), examples = @ExampleObject(name = "example", value = ApiExamples.FORECAST)))
    @APIResponse(responseCode = "404", description = "no such workflow", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    @Path("/{name}/forecast")
    public JsonObject forecast(@PathParam("name") String name) {
        return JsonViews.forecast(runs.forecast(catalog.find(name).orElseThrow(() -> ApiException.notFound("workflow '" + name + "'"))));
    }

    /** Body: {@code {"params": {"name": "value", …}}} (optional). */
    @Operation(operationId = "startRun", summary = "Start a run with parameters (admin, operator)")
    @RequestBody(required = false, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.StartRequest.class), examples = @ExampleObject(name = "params", value = ApiExamples.START_BODY)))
    @APIResponse(responseCode = "201", description = "started; Location is the run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.StartedRun.class), examples = @ExampleObject(name = "example", value = ApiExamples.STARTED)))
    @APIResponse(responseCode = "400", description = "unknown or missing required parameter, or a malformed body", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_400)))
    @APIResponse(responseCode = "403", description = "a viewer", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_403)))
    @APIResponse(responseCode = "404", description = "no such workflow", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @POST
    @Path("/{name}/runs")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD}) // a start without parameters may have no body
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response start(@PathParam("name") String name, String body, @Context UriInfo uri) {
        RunOperations.Started s = runs.start(name, params(body), caller.getUserPrincipal() == null ? null : caller.getUserPrincipal().getName());
        URI location = uri.getBaseUriBuilder().path("runs").path(Long.toString(s.runId())).build();
        return Response.created(location).entity(JSON.createObjectBuilder()
                .add("runId", s.runId()).add("executionId", s.executionId()).add("workflow", s.workflow()).build()).build();
    }

    /** The parameters of an optional JSON body (taken as text, so that no body and no content type are fine). */
    static Map<String, String> params(String body) {
        if (body == null || body.isBlank()) {
            return new LinkedHashMap<>();
        }
        try (JsonReader r = JSON.createReader(new StringReader(body))) {
            return params(r.readObject());
        } catch (JsonException | IllegalStateException e) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"params\": {\"day\": \"2026-11-23\"}}");
        }
    }

    static Map<String, String> params(JsonObject body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body == null || !body.containsKey("params") || body.isNull("params")) {
            return params;
        }
        if (body.get("params").getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("'params' must be an object of name to value");
        }
        body.getJsonObject("params").forEach((k, v) -> {
            switch (v.getValueType()) {
                case STRING -> params.put(k, body.getJsonObject("params").getString(k));
                case NUMBER, TRUE, FALSE -> params.put(k, v.toString());
                default -> throw ApiException.badRequest("parameter '" + k + "' must be a string, number or boolean");
            }
        });
        return params;
    }
}
