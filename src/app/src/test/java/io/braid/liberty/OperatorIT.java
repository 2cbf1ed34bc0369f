package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator relies on, on the real server over HTTP: who may do what on every route, CSRF refusal, the
 * live event stream, the self-contained report and the task lines in Liberty's batch job log.
 */
@Tag("liberty")
class OperatorIT {
    private static final String APP = Http.HTTP + "/braid";
    private static final String API = APP + "/api";
    private static final List<String> ROLES = List.of("viewer", "operator", "admin");
    private static long adminsRun;

    @BeforeAll
    static void aCompletedRunOfTheAdmin() throws Exception {
        Http.Reply r = Http.postEmpty(API + "/workflows/nshape/runs", "admin");
        assertEquals(201, r.status(), r.body());
        adminsRun = r.object().getJsonNumber("runId").longValue();
        LibertyIT.awaitRun(adminsRun, "COMPLETED");
    }

    @Test
    void everyReadRouteNeedsALoginAndIsOpenToEveryRole() throws Exception {
        List<String> reads = List.of(APP + "/", APP + "/index.html", APP + "/ui/app.js", APP + "/ui/braid.css",
                API + "/me", API + "/workflows", API + "/workflows/classic",
                API + "/runs", API + "/runs/" + adminsRun, API + "/runs/" + adminsRun + "/report", API + "/resources");
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String url : reads) {
            expect(wrong, url, null, Http.page(url, null).statusCode(), 401);
            expect(wrong, url, "nobody", Http.page(url, "nobody").statusCode(), 401);
        }
        for (String role : ROLES) {
            for (String url : reads) {
                // an operator reads only their own runs, like Liberty's batchSubmitter
                int expected = role.equals("operator") && url.contains("/runs/" + adminsRun) ? 403 : 200;
                expect(wrong, url, role, Http.page(url, role).statusCode(), expected);
            }
        }
        assertTrue(wrong.isEmpty(), "route -> status: " + wrong);
        // the dashboard's libraries are public WebJars, served at the application's /webjars/ like any WebJar
        assertEquals(200, Http.page(Http.HTTP + "/webjars/dagre/0.8.4/dist/dagre.min.js", null).statusCode());
        JsonObject me = Http.get(API + "/me", "viewer").object();
        assertEquals("viewer", me.getString("user"));
        assertEquals(List.of("viewer"), me.getJsonArray("roles").getValuesAs(JsonString::getString));
        assertFalse(me.getBoolean("canStart"));
        assertTrue(Http.get(API + "/me", "operator").object().getBoolean("canStart"));
    }

    @Test
    void onlyAdminsAndOperatorsChangeAnythingAndOperatorsOnlyTheirOwnRuns() throws Exception {
        Map<String, String> wrong = new LinkedHashMap<>();
        String stop = API + "/runs/" + adminsRun + "/stop";
        String restart = API + "/runs/" + adminsRun + "/restart";
        String cancel = API + "/runs/" + adminsRun + "/tasks/a/cancel";
        for (String url : List.of(API + "/workflows/nshape/runs", stop, restart, cancel)) {
            expect(wrong, url, null, Http.postEmpty(url, null).status(), 401);
            expect(wrong, url, "viewer", Http.postEmpty(url, "viewer").status(), 403);
        }
        for (String url : List.of(stop, restart, cancel)) {
            expect(wrong, url, "operator", Http.postEmpty(url, "operator").status(), 403); // someone else's run
            expect(wrong, url, "admin", Http.postEmpty(url, "admin").status(), 409); // allowed, but the run has ended
        }
        Http.Reply own = Http.postEmpty(API + "/workflows/nshape/runs", "operator");
        expect(wrong, "start", "operator", own.status(), 201);
        long ownRun = own.object().getJsonNumber("runId").longValue();
        LibertyIT.awaitRun(ownRun, "COMPLETED");
        for (String action : List.of("/stop", "/restart", "/tasks/a/cancel")) {
            expect(wrong, action, "operator (own run)", Http.postEmpty(API + "/runs/" + ownRun + action, "operator").status(), 409);
        }
        for (String action : List.of("/stop", "/restart")) {
            expect(wrong, action, "admin (no such run)", Http.postEmpty(API + "/runs/987654321" + action, "admin").status(), 404);
        }
        assertTrue(wrong.isEmpty(), "route -> status: " + wrong);
    }

    @Test
    void aStateChangingCallFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        int before = Http.get(API + "/runs?workflow=nshape&limit=1000", "admin").json().asJsonArray().size();
        Http.Reply foreign = Http.postWith(API + "/workflows/nshape/runs", "admin", Map.of("Origin", "http://evil.example"));
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("cross-site"), foreign.body());
        Http.Reply fetchMeta = Http.postWith(API + "/workflows/nshape/runs", "admin", Map.of("Sec-Fetch-Site", "cross-site"));
        assertEquals(403, fetchMeta.status(), fetchMeta.body());
        assertEquals(before, Http.get(API + "/runs?workflow=nshape&limit=1000", "admin").json().asJsonArray().size(),
                "no run was started");
        Http.Reply ours = Http.postWith(API + "/workflows/nshape/runs", "admin",
                Map.of("Origin", Http.HTTP, "Sec-Fetch-Site", "same-origin"));
        assertEquals(201, ours.status(), "the dashboard's own call: " + ours.body());
        LibertyIT.awaitRun(ours.object().getJsonNumber("runId").longValue(), "COMPLETED");
    }

    @Test
    void theEventStreamFollowsARunLiveAndEndsWithItsFinalStatus() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/classic/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("importTime", "1s").add("analysisTime", "300ms")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        List<JsonObject> events = new ArrayList<>();
        String name = null;
        for (String line : Http.eventLines(API + "/runs/" + runId + "/events", "operator", Duration.ofSeconds(60))) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                assertEquals("run", name, "event name");
                events.add(Json.createReader(new StringReader(line.substring(5).trim())).readObject());
            }
        }
        assertTrue(events.size() >= 3, "an event at once, on changes and at the end: " + events.size());
        assertEquals("COMPLETED", events.get(events.size() - 1).getString("status"), "the stream ends after the final status");
        assertTrue(events.stream().anyMatch(e -> e.getJsonArray("tasks").stream()
                        .anyMatch(t -> t.asJsonObject().getString("status").equals("RUNNING"))),
                "events arrive while tasks run");
        JsonObject last = events.get(events.size() - 1);
        last.getJsonArray("tasks").forEach(t -> {
            JsonObject task = t.asJsonObject();
            assertEquals(1, task.getJsonArray("tries").size(), task.toString());
            assertEquals("COMPLETED", task.getJsonArray("tries").getJsonObject(0).getString("status"), task.toString());
        });
        assertEquals(5, last.getJsonObject("graph").getJsonArray("nodes").size(), "the run carries the graph it ran with");
        assertTrue(last.getJsonObject("graph").getJsonArray("edges").contains(Json.createObjectBuilder()
                .add("from", "import-customers").add("to", "analyse-customers").build()), last.getJsonObject("graph").toString());
        double speedup = last.getJsonObject("summary").getJsonNumber("speedup").doubleValue();
        assertTrue(speedup > 1.2, "two imports of 1 s ran side by side: speedup " + speedup);
        assertEquals(403, Http.page(API + "/runs/" + adminsRun + "/events", "operator").statusCode(),
                "an operator cannot follow another user's run");
    }

    @Test
    void theReportIsOneHtmlFileWithTheRunAndNoOutsideReferences() throws Exception {
        HttpResponse<String> r = Http.page(API + "/runs/" + adminsRun + "/report", "viewer");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), r.headers().toString());
        String html = r.body();
        assertTrue(html.contains("window.BRAID_REPORT"), "the run's data is inlined");
        assertTrue(html.contains("\"id\":" + adminsRun), "this run");
        for (String task : List.of("\"a\"", "\"b\"", "\"c\"", "\"d\"")) {
            assertTrue(html.contains("\"id\":" + task), "task " + task);
        }
        // the document itself, without the inlined scripts (a <script src=…> would stay and be caught)
        String outsideScripts = html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
        assertFalse(outsideScripts.matches("(?s).*(src|href)=.*") || outsideScripts.contains("<link"),
                "nothing is loaded from elsewhere: " + outsideScripts);
        assertTrue(html.contains("cytoscape") && html.contains("dagre") && html.contains("echarts"), "libraries inlined");
    }

    @Test
    void eachTasksLinesGoToLibertysBatchJobLog() throws Exception {
        HttpResponse<String> log = Http.page(Http.HTTPS + "/ibm/api/batch/jobinstances/" + adminsRun + "/joblogs?type=text", "admin");
        assertEquals(200, log.statusCode(), log.body());
        for (String task : List.of("a", "b", "c", "d")) {
            assertTrue(log.body().contains("Braid run " + adminsRun + " task " + task + ": started"), "task " + task + ":\n" + log.body());
            assertTrue(log.body().contains("Braid run " + adminsRun + " task " + task + ": COMPLETED"), "task " + task);
        }
    }

    private static void expect(Map<String, String> wrong, String url, String user, int status, int expected) {
        if (status != expected) {
            wrong.put(user + " " + url, status + " (expected " + expected + ")");
        }
    }
}
