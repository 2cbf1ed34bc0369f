package io.braid.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** Runs: list, inspect, stop, restart. */
@Path("/runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.SUBMITTER, Roles.MONITOR})
public class RunsResource {
    @Inject
    RunService runs;

    @GET
    public JsonValue list(@QueryParam("workflow") String workflow, @QueryParam("status") String status,
                          @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit must be between 1 and 1000");
        }
        JsonArrayBuilder a = Json.createArrayBuilder();
        runs.list(workflow, status == null ? null : status.toUpperCase(Locale.ROOT), limit)
                .forEach(r -> a.add(JsonViews.run(r)));
        return a.build();
    }

    @GET
    @Path("/{id}")
    public JsonObject get(@PathParam("id") long id) {
        io.braid.runs.RunView view = runs.view(id);
        return JsonViews.run(view, runs.rootCause(view));
    }

    @POST
    @Path("/{id}/stop")
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response stop(@PathParam("id") long id) {
        runs.stop(id);
        return Response.accepted(Json.createObjectBuilder().add("runId", id).add("status", "STOPPING").build()).build();
    }

    /** Cancels one task: 202 with {@code CANCELLED} (had not started) or {@code STOPPING} (was running). */
    @POST
    @Path("/{id}/tasks/{task}/cancel")
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response cancel(@PathParam("id") long id, @PathParam("task") String task) {
        io.braid.gate.RunGate.Cancel c = runs.cancel(id, task);
        return Response.accepted(Json.createObjectBuilder().add("runId", id).add("task", task).add("status", c.name()).build()).build();
    }

    /** Body (optional): {@code {"params": {…}}} overriding the parameters of the last execution. */
    @POST
    @Path("/{id}/restart")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response restart(@PathParam("id") long id, String body) {
        RunService.Started s = runs.restart(id, WorkflowsResource.params(body));
        return Response.accepted(Json.createObjectBuilder()
                .add("runId", s.runId()).add("executionId", s.executionId()).add("workflow", s.workflow()).build()).build();
    }
}
