package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Liberty tier: the WAR deployed on a real Open Liberty server (started by the Maven build around
 * failsafe), driven over real HTTP through Braid's API and Liberty's batch REST API.
 */
@Tag("liberty")
class LibertyIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final String BATCH = Http.HTTPS + "/ibm/api/batch";
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    /** In the PostgreSQL tier these tests run against a cluster member on PostgreSQL (see {@link Cluster}). */
    @BeforeAll
    static void server() throws Exception {
        Cluster.ensureUpIfConfigured();
    }

    @Test
    void apiRequiresAuthentication() throws Exception {
        assertEquals(401, Http.get(API + "/workflows", null).status());
        assertEquals(401, Http.get(API + "/runs", null).status());
        assertEquals(401, Http.post(API + "/workflows/classic/runs", null, null).status());
        assertEquals(401, Http.get(API + "/workflows", "nobody").status(), "unknown user");
    }

    @Test
    void aRunWithoutParametersStartsWithoutABody() throws Exception {
        Http.Reply r = Http.postEmpty(API + "/workflows/nshape/runs", "operator"); // curl -X POST …
        assertEquals(201, r.status(), r.body());
        awaitRun(Json.createReader(new StringReader(r.body())).readObject().getJsonNumber("runId").longValue(), "COMPLETED");
    }

    @Test
    void healthReportsReadinessAndLivenessOfTheGate() throws Exception {
        Http.Reply ready = Http.get(Http.HTTP + "/health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        JsonObject braid = ready.object().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("braid-ready")).findFirst().orElseThrow(() -> new AssertionError(ready.body()));
        assertEquals("UP", braid.getString("status"));
        assertEquals(0, braid.getJsonObject("data").getInt("pendingMigrations"));
        assertEquals("reachable", braid.getJsonObject("data").getString("database"));
        Http.Reply live = Http.get(Http.HTTP + "/health/live", null);
        assertEquals(200, live.status(), live.body());
        assertTrue(live.body().contains("\"braid-gate\""), live.body());
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithExamples() throws Exception {
        Http.Reply doc = Http.get(Http.HTTP + "/openapi", null);
        assertEquals(200, doc.status(), doc.body());
        JsonObject api = doc.object();
        assertTrue(api.getString("openapi").startsWith("3."), api.getString("openapi"));
        JsonObject paths = api.getJsonObject("paths"); // relative to the server URL, which ends with the context root ("/")
        List<String> expected = List.of("/braid/api/workflows", "/braid/api/workflows/{name}",
                "/braid/api/workflows/{name}/runs", "/braid/api/runs", "/braid/api/runs/{id}", "/braid/api/runs/{id}/stop",
                "/braid/api/runs/{id}/restart", "/braid/api/runs/{id}/tasks/{task}/cancel", "/braid/api/resources", "/braid/api/me",
                "/braid/api/runs/{id}/events", "/braid/api/runs/{id}/report", "/braid/api/workflows/{name}/forecast");
        assertTrue(paths.keySet().containsAll(expected), paths.keySet().toString());
        for (String path : paths.keySet()) {
            for (var op : paths.getJsonObject(path).entrySet()) {
                JsonObject operation = op.getValue().asJsonObject();
                assertTrue(operation.containsKey("summary"), path + " " + op.getKey() + " has a summary");
                JsonObject responses = operation.getJsonObject("responses");
                assertTrue(operation.containsKey("operationId"), path + " " + op.getKey() + " has an operationId (generated clients name methods after it)");
                assertTrue(responses.containsKey("401"), path + " " + op.getKey() + " documents 401");
                responses.forEach((code, r) -> {
                    if (!code.equals("401")) { // the server's own answer, no body of Braid's
                        String text = r.toString();
                        assertTrue(text.contains("\"examples\""), path + " " + op.getKey() + " " + code + " has examples: " + r);
                        assertTrue(text.contains("\"schema\"") || text.contains("text/"), path + " " + op.getKey() + " " + code + " has a schema: " + r);
                    }
                });
            }
        }
        JsonObject schemas = api.getJsonObject("components").getJsonObject("schemas");
        assertTrue(schemas.keySet().containsAll(List.of("Run", "Task", "TaskTry", "Workflow", "WorkflowSummary", "StartRequest",
                "StartedRun", "ApiError", "Resources", "Me", "Forecast")), schemas.keySet().toString());
        assertEquals(200, Http.getText(Http.HTTP + "/openapi/ui/", null).status(), "the OpenAPI UI is served");
    }

    /** A viewer asks how long a run of a deployed workflow would take: every task has a range, the run's ends last. */
    @Test
    void aForecastOfADeployedWorkflow() throws Exception {
        Http.Reply r = Http.get(API + "/workflows/nshape/forecast", "viewer");
        assertEquals(200, r.status(), r.body());
        JsonObject f = r.object();
        List<JsonObject> tasks = f.getJsonArray("tasks").stream().map(v -> v.asJsonObject()).toList();
        assertEquals(List.of("a", "b", "c", "d"), tasks.stream().map(t -> t.getString("id")).sorted().toList(), r.body());
        long last = tasks.stream().mapToLong(t -> t.getJsonNumber("endMillis").longValue()).max().orElseThrow();
        assertEquals(last, f.getJsonNumber("makespanMillis").longValue(), r.body());
        assertTrue(f.getJsonNumber("makespanHighMillis").longValue() >= last, r.body());
        assertEquals(404, Http.get(API + "/workflows/nope/forecast", "viewer").status());
    }

    @Test
    void viewerMayReadButNotStart() throws Exception {
        assertEquals(200, Http.get(API + "/workflows", "viewer").status());
        assertEquals(403, Http.post(API + "/workflows/classic/runs", "viewer", null).status());
    }

    @Test
    void listsDeployedWorkflowsWithGraphAndJobXml() throws Exception {
        Http.Reply list = Http.get(API + "/workflows", "admin");
        assertEquals(200, list.status());
        var names = list.json().asJsonArray().stream().map(v -> v.asJsonObject().getString("name")).toList();
        assertTrue(names.containsAll(List.of("classic", "fanout", "flaky", "nshape")), names.toString());

        JsonObject n = Http.get(API + "/workflows/nshape", "admin").object();
        assertEquals(4, n.getJsonArray("tasks").size());
        var edges = n.getJsonObject("graph").getJsonArray("edges").stream()
                .map(e -> e.asJsonObject().getString("from") + ">" + e.asJsonObject().getString("to"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("a>c", "b>c", "b>d"), edges);
        assertTrue(n.getString("jobXml").contains("<decision id=\"c.gate\" ref=\"braidGate\">"), n.getString("jobXml"));

        assertEquals(404, Http.get(API + "/workflows/nope", "admin").status());
        Http.Reply missing = Http.get(API + "/runs/987654321", "admin");
        assertEquals(404, missing.status());
        assertTrue(missing.object().getString("error").contains("not found"), missing.body());
    }

    @Test
    void runsAWorkflowThroughBraidsApiInParallel() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/classic/runs", "operator",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder()
                        .add("importTime", "400ms").add("analysisTime", "200ms")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();

        JsonObject run = awaitRun(runId, "COMPLETED");
        assertEquals(200, Http.get(API + "/runs/" + runId, "operator").status(), "an operator sees their own run");
        assertTrue(Http.get(API + "/runs?workflow=classic", "operator").json().asJsonArray().stream()
                .anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == runId), "and lists it");
        Map<String, JsonObject> tasks = tasks(run);
        assertTrue(tasks.values().stream().allMatch(t -> t.getString("status").equals("COMPLETED")), run.toString());
        assertTrue(overlap(tasks.get("import-customers"), tasks.get("import-products")), run.toString());
        assertTrue(overlap(tasks.get("analyse-customers"), tasks.get("import-products")),
                "analyse-customers must not wait for the unrelated import: " + run);
        for (JsonObject t : tasks.values()) {
            assertTrue(ISO_MILLIS.matcher(t.getString("start")).matches(), t.toString());
            assertTrue(ISO_MILLIS.matcher(t.getString("end")).matches(), t.toString());
        }
        assertEquals(409, Http.post(API + "/runs/" + runId + "/restart", "operator", null).status(),
                "a completed run cannot be restarted");
        String metrics = Http.getText(Http.HTTPS + "/metrics?scope=application", "admin").body();
        Predicate<String> has = prefix -> metrics.lines().anyMatch(l -> l.startsWith(prefix)
                && l.contains("workflow=\"classic\""));
        assertTrue(has.test("braid_tasks_total{") && metrics.lines().anyMatch(l -> l.startsWith("braid_tasks_total{")
                && l.contains("workflow=\"classic\"") && l.contains("status=\"COMPLETED\"") && !l.endsWith(" 0.0")),
                "completed tasks are counted by workflow and status:\n" + metrics);
        assertTrue(has.test("braid_runs_total{"), "runs are counted:\n" + metrics);
        assertTrue(has.test("braid_task_duration_seconds_bucket{") && has.test("braid_task_duration_seconds_count{"),
                "task durations are a histogram by workflow:\n" + metrics);
        assertTrue(metrics.lines().filter(l -> l.startsWith("braid_")).noneMatch(l -> l.contains("task=\"")),
                "no series per task unless braid.metrics.perTask:\n" + metrics);
        assertTrue(metrics.lines().filter(l -> l.startsWith("braid_")).noneMatch(l -> l.contains("quantile=")),
                "histograms, not per-server quantiles:\n" + metrics);
        Set<String> families = metrics.lines().filter(l -> l.startsWith("braid_"))
                .map(l -> l.replaceAll("[{ ].*", "").replaceAll("_(bucket|count|sum|max|total)$", "")).collect(Collectors.toSet());
        for (String family : families) {
            assertTrue(metrics.lines().anyMatch(l -> l.matches("# HELP " + family + "(_total|_seconds)? \\S.*")),
                    "HELP text for " + family + ":\n" + metrics);
        }
        assertTrue(metrics.contains("braid_tasks_waiting{") && metrics.contains("reason=\"run_cap\""), metrics);
        Http.Reply listed = Http.get(API + "/runs?workflow=classic&status=completed", "viewer");
        assertTrue(listed.json().asJsonArray().stream().anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == runId));
    }

    @Test
    void rejectsBadParameters() throws Exception {
        Http.Reply r = Http.post(API + "/workflows/classic/runs", "admin",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("importTim", "1s")).build());
        assertEquals(400, r.status());
        assertTrue(r.object().getString("error").contains("importTim"), r.body());
    }

    @Test
    void failsThroughLibertysBatchApiAndRestartsOnlyTheFailedPart() throws Exception {
        JsonObject submit = Json.createObjectBuilder()
                .add("applicationName", "braid").add("moduleName", "braid.war").add("jobXMLName", "flaky")
                .add("jobParameters", Json.createObjectBuilder().add("fail", "true")).build();
        Http.Reply started = Http.post(BATCH + "/jobinstances", "admin", submit);
        assertEquals(201, started.status(), started.body());
        long instance = started.object().getJsonNumber("instanceId").longValue();

        JsonObject failed = awaitRun(instance, "FAILED");
        assertEquals(403, Http.get(API + "/runs/" + instance, "operator").status(),
                "an operator sees only the runs they submitted, as a batchSubmitter in Liberty's batch REST API");
        assertTrue(Http.get(API + "/runs?limit=1000", "operator").json().asJsonArray().stream()
                .noneMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == instance), "nor lists them");
        assertTrue(Http.get(API + "/runs?limit=1000", "viewer").json().asJsonArray().stream()
                .anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == instance), "a viewer sees every run");
        assertEquals(403, Http.post(API + "/runs/" + instance + "/restart", "operator", null).status(),
                "a batchSubmitter may only restart their own jobs, as in Liberty's batch REST API");
        assertEquals(Map.of("extract", "COMPLETED", "transform", "FAILED", "load", "SKIPPED", "audit", "COMPLETED",
                "publish", "SKIPPED"), statuses(failed));

        Http.Reply restarted = Http.put(BATCH + "/jobinstances/" + instance + "?action=restart", "admin",
                Json.createObjectBuilder().add("jobParameters", Json.createObjectBuilder().add("fail", "false")).build());
        assertTrue(restarted.status() == 200 || restarted.status() == 202, restarted.status() + " " + restarted.body());

        JsonObject done = awaitRun(instance, "COMPLETED", 2);
        assertEquals(2, done.getInt("executions"));
        Map<String, Integer> attempts = tasks(done).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getInt("attempts")));
        assertEquals(Map.of("extract", 1, "audit", 1, "transform", 2, "load", 1, "publish", 1), attempts,
                "only the failed task and the tasks skipped because of it run again");
    }

    @Test
    void stopsAndRestartsThroughBraidsApi() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/nshape/runs", "operator",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("dTime", "30s")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        await("d running, c completed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> tasks(Http.get(API + "/runs/" + runId, "viewer").object()), t -> t.get("d").getString("status").equals("RUNNING")
                        && t.get("c").getString("status").equals("COMPLETED"));
        assertEquals(403, Http.post(API + "/runs/" + runId + "/stop", "viewer", null).status());
        assertEquals(202, Http.post(API + "/runs/" + runId + "/stop", "operator", null).status());
        JsonObject stopped = awaitRun(runId, "STOPPED");
        assertEquals("STOPPED", tasks(stopped).get("d").getString("status"));
        assertEquals("COMPLETED", tasks(stopped).get("c").getString("status"));

        Http.Reply restarted = Http.post(API + "/runs/" + runId + "/restart", "operator",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("dTime", "100ms")).build());
        assertEquals(202, restarted.status(), restarted.body());
        JsonObject done = awaitRun(runId, "COMPLETED", 2);
        Map<String, Integer> attempts = tasks(done).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getInt("attempts")));
        assertEquals(Map.of("a", 1, "b", 1, "c", 1, "d", 2), attempts);
    }

    @Test
    void groupsAndLocksHoldOnTheServerAndResourcesShowThemWhileARunGoesOn() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/partner-sync/runs", "operator",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("callTime", "700ms")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        AtomicReference<JsonObject> groupSeen = new AtomicReference<>();
        AtomicReference<JsonObject> lockSeen = new AtomicReference<>();
        AtomicBoolean reasonSeen = new AtomicBoolean();
        // watch the gate while the run goes on, until each of the three has been seen once (or the run is over)
        await("the group full, the lock held and a task waiting for the group").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(40)).until(() -> {
                    JsonObject res = Http.get(API + "/resources", "viewer").object();
                    for (JsonValue g : res.getJsonArray("groups")) {
                        JsonObject o = g.asJsonObject();
                        if (o.getString("name").equals("partner-api") && o.getInt("running") == 2 && o.getInt("waiting") >= 1) {
                            groupSeen.set(o);
                        }
                    }
                    for (JsonValue l : res.getJsonArray("locks")) {
                        JsonObject o = l.asJsonObject();
                        if (o.getString("name").equals("customer-table") && !o.getJsonArray("holders").isEmpty()) {
                            lockSeen.set(o);
                        }
                    }
                    JsonObject run = Http.get(API + "/runs/" + runId, "viewer").object();
                    if (run.getJsonArray("tasks").stream().map(JsonValue::asJsonObject).anyMatch(t -> "WAITING".equals(t.getString("status"))
                            && "group partner-api".equals(t.getString("waitingFor", "")))) {
                        reasonSeen.set(true);
                    }
                    return groupSeen.get() != null && lockSeen.get() != null && reasonSeen.get();
                });
        assertEquals(2, groupSeen.get().getInt("maxConcurrent"));
        assertEquals("20/1m", groupSeen.get().getJsonArray("rate").getString(0));
        JsonObject holder = lockSeen.get().getJsonArray("holders").getJsonObject(0);
        assertEquals(runId, holder.getJsonNumber("run").longValue());
        assertTrue(ISO_MILLIS.matcher(holder.getString("leaseExpires")).matches(), holder.toString());
        String metrics = Http.getText(Http.HTTPS + "/metrics?scope=application", "admin").body();
        assertTrue(metrics.contains("braid_server_cap_effective"), "the effective server cap is a metric:\n" + metrics);

        Map<String, JsonObject> tasks = tasks(awaitRun(runId, "COMPLETED"));
        String after = Http.getText(Http.HTTPS + "/metrics?scope=application", "admin").body();
        for (String[] m : List.of(new String[]{"braid_group_running", "group=\"partner-api\""},
                new String[]{"braid_group_limit", "group=\"partner-api\""},
                new String[]{"braid_lock_holders", "lock=\"customer-table\""},
                new String[]{"braid_task_dependency_latency_seconds_count", "workflow=\"partner-sync\""})) {
            assertTrue(after.lines().anyMatch(l -> l.startsWith(m[0] + "{") && l.contains(m[1])), m[0] + " " + m[1] + " in:\n" + after);
        }
        JsonObject[] fetches = {tasks.get("fetch-eu"), tasks.get("fetch-us"), tasks.get("fetch-apac")};
        assertTrue(!(overlap(fetches[0], fetches[1]) && overlap(fetches[1], fetches[2]) && overlap(fetches[0], fetches[2])),
                "three partner calls at once: " + tasks);
        for (String reader : List.of("customer-report", "audit-customers")) {
            assertTrue(!overlap(tasks.get("rewrite-customers"), tasks.get(reader)),
                    "the exclusive rewrite overlapped the shared reader " + reader);
        }
        assertTrue(overlap(tasks.get("customer-report"), tasks.get("audit-customers")), "shared holders run together");
    }

    static JsonObject awaitRun(long runId, String status) throws Exception {
        return awaitRun(runId, status, 1);
    }

    /** Polls until the run's execution number {@code execution} has ended with the given status. */
    static JsonObject awaitRun(long runId, String status, int execution) {
        Set<String> inFlight = Set.of("QUEUED", "RUNNING", "STARTING", "STARTED", "STOPPING");
        JsonObject last = await("run " + runId + " execution " + execution + " ended")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Http.Reply r = Http.get(API + "/runs/" + runId, "viewer");
                    return r.status() == 200 ? r.object() : null;
                }, r -> r != null && r.getInt("executions") >= execution && !inFlight.contains(r.getString("status")));
        assertEquals(status, last.getString("status"), "run " + runId + ": " + last);
        return last;
    }

    static Map<String, JsonObject> tasks(JsonObject run) {
        return run.getJsonArray("tasks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(t -> t.getString("id"), t -> t));
    }

    private static Map<String, String> statuses(JsonObject run) {
        return tasks(run).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getString("status")));
    }

    private static boolean overlap(JsonObject a, JsonObject b) {
        Instant as = Instant.parse(a.getString("start"));
        Instant ae = Instant.parse(a.getString("end"));
        Instant bs = Instant.parse(b.getString("start"));
        Instant be = Instant.parse(b.getString("end"));
        return as.isBefore(be) && bs.isBefore(ae);
    }
}
