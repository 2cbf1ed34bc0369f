package io.braid.api;

import io.braid.gate.AdaptiveCap;
import io.braid.gate.ResourceLedger;
import io.braid.gate.Scheduler;
import io.braid.gate.ServerGate;
import io.braid.model.Durations;
import io.braid.views.JsonViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import static io.braid.json.JsonP.JSON;

/**
 * What the gate holds right now: the server cap (and adaptive concurrency), each running run's cap, each group
 * (limit, running, waiting) and each lock (holders with lease expiry, waiting). An operator (batchSubmitter only) sees
 * the counts of every run but the ids and task names of their own runs only, as everywhere else in the API.
 */
@Path("/resources")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.SUBMITTER, Roles.MONITOR})
@Tag(name = "resources", description = "What the gate holds: caps, groups, locks")
public class ResourcesResource {
    @Inject
    ServerGate gate;
    @Inject
    RunService runService;
    @Context
    SecurityContext caller;

    @Operation(operationId = "getResources", summary = "Caps, running runs, groups and locks with their holders, now")
    @APIResponse(responseCode = "200", description = "the gate's state", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiSchemas.Resources.class), examples = @ExampleObject(name = "example", value = ApiExamples.RESOURCES)))
    @APIResponse(responseCode = "401", description = "not logged in (the server's own answer, with a WWW-Authenticate header)")
    @GET
    public JsonObject get() {
        Scheduler.View v = gate.scheduler().view();
        LongPredicate shown = shownRuns();
        AdaptiveCap cap = gate.cap();
        Map<String, Integer> waiting = v.waitingByReason();
        JsonObjectBuilder server = JSON.createObjectBuilder()
                .add("configured", cap.configured())
                .add("effective", v.serverCap())
                .add("adaptive", cap.enabled())
                .add("reason", cap.reason())
                .add("running", v.running())
                .add("waiting", v.waiting())
                .add("waitingForServerCap", waiting.getOrDefault("server cap", 0))
                // admission control (braid.runs.maxActive): runs in flight, and those QUEUED for their turn
                .add("maxActiveRuns", gate.admission().limit())
                .add("activeRuns", gate.admission().running())
                .add("queuedRuns", gate.admission().queued());
        JsonObjectBuilder reasons = JSON.createObjectBuilder();
        waiting.forEach(reasons::add);
        JsonArrayBuilder runs = JSON.createArrayBuilder();
        for (Scheduler.RunState r : v.runs()) {
            if (!shown.test(r.runId())) {
                continue;
            }
            runs.add(JSON.createObjectBuilder().add("id", r.runId()).add("workflow", r.workflow())
                    .add("maxParallel", r.maxParallel()).add("running", r.running()).add("waiting", r.waiting()));
        }
        JsonArrayBuilder groups = JSON.createArrayBuilder();
        for (ResourceLedger.GroupState g : v.resources().groups()) {
            JsonArrayBuilder holders = JSON.createArrayBuilder();
            g.running().stream().filter(h -> shown.test(h.runId())).forEach(h -> holders.add(holder(h.runId(), h.task())));
            JsonArrayBuilder rates = JSON.createArrayBuilder();
            g.rate().forEach(rates::add);
            groups.add(JSON.createObjectBuilder().add("name", g.name()).add("source", g.source())
                    .add("maxConcurrent", g.maxConcurrent()).add("rate", rates)
                    .add("running", g.running().size()).add("holders", holders)
                    .add("startsInWindow", g.startsInWindow())
                    .add("waiting", waiting.getOrDefault("group " + g.name(), 0) + waiting.getOrDefault("rate " + g.name(), 0)));
        }
        JsonArrayBuilder locks = JSON.createArrayBuilder();
        Set<String> lockNames = new LinkedHashSet<>();
        v.resources().locks().forEach(l -> lockNames.add(l.name()));
        waiting.keySet().stream().filter(k -> k.startsWith("lock ")).forEach(k -> lockNames.add(k.substring(5)));
        for (String name : lockNames) {
            JsonArrayBuilder holders = JSON.createArrayBuilder();
            v.resources().locks().stream().filter(l -> l.name().equals(name)).flatMap(l -> l.holders().stream())
                    .filter(h -> shown.test(h.runId()))
                    .forEach(h -> holders.add(holder(h.runId(), h.task()).add("mode", h.mode())
                            .add("leaseExpires", JsonViews.time(h.leaseExpires()))));
            locks.add(JSON.createObjectBuilder().add("name", name).add("holders", holders)
                    .add("waiting", waiting.getOrDefault("lock " + name, 0)));
        }
        return JSON.createObjectBuilder()
                .add("server", server)
                .add("waitingByReason", reasons)
                .add("runs", runs)
                .add("groups", groups)
                .add("locks", locks)
                .add("leaseTime", Durations.format(gate.settings().lease()))
                .build();
    }

    /** Whose run ids and task names the caller may see: all, or (an operator) their own, each run asked once. */
    private LongPredicate shownRuns() {
        if (!Roles.ownRunsOnly(caller)) {
            return run -> true;
        }
        Map<Long, Boolean> own = new HashMap<>();
        return run -> own.computeIfAbsent(run, r -> runService.access(r) == RunService.Access.READABLE);
    }

    private static JsonObjectBuilder holder(long run, String task) {
        return JSON.createObjectBuilder().add("run", run).add("task", task);
    }
}
