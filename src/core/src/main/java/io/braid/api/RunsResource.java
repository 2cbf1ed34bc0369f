package io.braid.api;

import io.braid.gate.RunOperations;
import io.braid.catalog.WorkflowCatalog;
import io.braid.gate.RunGate;
import io.braid.report.RunReport;
import io.braid.runs.RunView;
import io.braid.views.JsonViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobSecurityException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.braid.json.JsonP.JSON;

/** Runs: list, inspect, stop, restart. */
@Path("/runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.SUBMITTER, Roles.MONITOR})
@Tag(name = "runs", description = "Runs (job instances) and their tasks")
public class RunsResource {
    @Inject
    RunService runs;
    @Inject
    RunEvents events;
    @Inject
    WorkflowCatalog catalog;
    @Context
    SecurityContext caller;

    /**
     * Whether the caller may read this run: an operator (batchSubmitter only) reads the runs they submitted, like in
     * Liberty's batch REST API, and no one but an administrator reads a run purged through Liberty.
     */
    private RunService.Access access(long id) {
        boolean own = Roles.ownRunsOnly(caller);
        if (!own && Roles.readsPurged(caller)) {
            return RunService.Access.READABLE;
        }
        RunService.Access a = runs.access(id);
        return a == RunService.Access.ANOTHER_USERS && !own ? RunService.Access.READABLE : a;
    }

    @Operation(operationId = "listRuns", summary = "Recent runs, newest first, optionally by workflow and status")
    @APIResponse(responseCode = "200", description = "the runs", content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = ApiSchemas.Run.class), examples = @ExampleObject(name = "example", value = ApiExamples.RUNS)))
    @APIResponse(responseCode = "400", description = "limit out of 1..1000", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_400)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    public JsonValue list(@QueryParam("workflow") String workflow, @QueryParam("status") String status,
                          @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit must be between 1 and 1000");
        }
        JsonArrayBuilder a = JSON.createArrayBuilder();
        List<RunView> found = runs.list(workflow, status == null ? null : status.toUpperCase(Locale.ROOT), limit);
        // purged runs for everyone but administrators in one read; whose a run is, per run for operators only
        Set<Long> purged = Roles.readsPurged(caller) ? Set.of() : runs.purged(found.stream().map(RunView::id).toList());
        found.stream().filter(r -> !purged.contains(r.id()))
                .filter(r -> !Roles.ownRunsOnly(caller) || access(r.id()) == RunService.Access.READABLE)
                .forEach(r -> a.add(JsonViews.run(r)));
        return a.build();
    }

    @Operation(operationId = "getRun", summary = "One run with each task's status, times, attempts, error, waiting reason and outputs, the root cause of a failure, and while it runs a forecast of the rest")
    @APIResponse(responseCode = "200", description = "the run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.Run.class), examples = @ExampleObject(name = "example", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    @Path("/{id}")
    public JsonObject get(@PathParam("id") long id) {
        switch (access(id)) {
            case ANOTHER_USERS -> throw new JobSecurityException("run " + id + " was submitted by another user");
            case PURGED -> throw ApiException.notFound("run " + id); // as if it had never been
            case READABLE -> { }
        }
        RunView view = runs.view(id);
        JsonObject run = JsonViews.run(view, runs.rootCause(view));
        // a run in flight: when the rest is expected to start and end, as of now (docs/forecasts.md)
        return runs.forecast(view).map(f -> JSON.createObjectBuilder(run).add("forecast", JsonViews.forecast(f)).build()).orElse(run);
    }

    @Operation(operationId = "streamRunEvents", summary = "Live updates of one run as Server-Sent Events: event 'run' with the run's JSON (as GET /runs/{id}) "
            + "at once and on every change; the stream ends after a final status")
    @APIResponse(responseCode = "200", description = "the event stream", content = @Content(mediaType = "text/event-stream", examples = @ExampleObject(name = "example", value = "event: run\ndata: " + ApiExamples.RUN + "\n\n")))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") long id, @Context SseEventSink sink,
                       @Context Sse sse) {
        get(id); // 404 or 403 before the stream opens
        events.stream(id, sink, sse);
    }

    @Operation(operationId = "getRunReport", summary = "The run as one self-contained HTML file (graph, Gantt chart, task table, summary) to mail or archive")
    @APIResponse(responseCode = "200", description = "the report", content = @Content(mediaType = "text/html", examples = @ExampleObject(name = "example", value = "<!DOCTYPE html><html>…</html>")))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("id") long id) {
        JsonObject run = get(id);
        JsonObject workflow = run.containsKey("graph") ? null // the run's own graph is in it
                : catalog.find(run.getString("workflow")).map(JsonViews::workflow).orElse(null);
        return Response.ok(RunReport.html(run, workflow, Instant.now()))
                .header("Content-Disposition", "inline; filename=\"braid-run-" + id + ".html\"").build();
    }

    @Operation(operationId = "stopRun", summary = "Stop a running run (admin, operator for own runs)")
    @APIResponse(responseCode = "202", description = "stopping", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.StopResult.class), examples = @ExampleObject(name = "example", value = ApiExamples.STOPPING)))
    @APIResponse(responseCode = "403", description = "a viewer, or an operator on another user's run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_403)))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "409", description = "not running", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_409)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @POST
    @Path("/{id}/stop")
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response stop(@PathParam("id") long id) {
        runs.stop(id);
        return Response.accepted(JSON.createObjectBuilder().add("runId", id).add("status", "STOPPING").build()).build();
    }

    @Operation(operationId = "cancelTask", summary = "Cancel one task of a running run (admin, operator for own runs)")
    @APIResponse(responseCode = "202", description = "CANCELLED (had not started), STOPPING (was running) or REQUESTED (passed on to the server of a cluster that executes the run)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.CancelResult.class), examples = @ExampleObject(name = "example", value = ApiExamples.CANCELLED)))
    @APIResponse(responseCode = "403", description = "a viewer, or an operator on another user's run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_403)))
    @APIResponse(responseCode = "404", description = "no such run or task", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "409", description = "the run or the task has ended", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_409)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    /** Cancels one task: 202 with {@code CANCELLED} (had not started) or {@code STOPPING} (was running). */
    @POST
    @Path("/{id}/tasks/{task}/cancel")
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response cancel(@PathParam("id") long id, @PathParam("task") String task) {
        RunGate.Cancel c = runs.cancel(id, task);
        return Response.accepted(JSON.createObjectBuilder().add("runId", id).add("task", task).add("status", c.name()).build()).build();
    }

    /** Body (optional): {@code {"params": {…}}} overriding the parameters of the last execution. */
    @Operation(operationId = "restartRun", summary = "Restart a failed or stopped run; params override those of the last execution (admin, operator for own runs)")
    @RequestBody(required = false, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.StartRequest.class), examples = @ExampleObject(name = "params", value = ApiExamples.START_BODY)))
    @APIResponse(responseCode = "202", description = "restarted", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.StartedRun.class), examples = @ExampleObject(name = "example", value = ApiExamples.STARTED)))
    @APIResponse(responseCode = "403", description = "a viewer, or an operator on another user's run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_403)))
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_404)))
    @APIResponse(responseCode = "409", description = "completed or still running", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.ApiError.class), examples = @ExampleObject(name = "error", value = ApiExamples.ERROR_409)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @POST
    @Path("/{id}/restart")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RolesAllowed({Roles.ADMIN, Roles.SUBMITTER})
    public Response restart(@PathParam("id") long id, String body) {
        RunOperations.Started s = runs.restart(id, WorkflowsResource.params(body));
        return Response.accepted(JSON.createObjectBuilder()
                .add("runId", s.runId()).add("executionId", s.executionId()).add("workflow", s.workflow()).build()).build();
    }
}
