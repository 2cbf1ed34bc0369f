package io.braid.liberty;

import com.sun.net.httpserver.HttpServer;
import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import io.braid.testing.Loopback;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.braid.liberty.LibertyIT.awaitRun;
import static io.braid.liberty.LibertyIT.tasks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trust boundary between workflow authors (who deploy the WAR) and the people who start, stop and watch runs
 * (batchSubmitter, batchMonitor): each test sends an attack as such a user would, over real HTTP to the real test
 * server, and checks that it is refused and that nothing happened (no row, no file, no request, no secret shown).
 */
@Tag("liberty")
class SecurityIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final String BATCH = Http.HTTPS + "/ibm/api/batch";
    private static final Path SERVER_DIR = Path.of("target", "liberty", "wlp", "usr", "servers", "braid-it");

    private HttpServer listener;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Released by a test: until then the listener holds calls to /hold without answering (at most 30 s). */
    private final CountDownLatch hold = new CountDownLatch(1);

    @BeforeEach
    void listen() throws Exception {
        listener = Loopback.server();
        listener.createContext("/", ex -> {
            requests.add(ex.getRequestURI() + " " + ex.getRequestHeaders().entrySet());
            String echo = ex.getRequestURI().toString();
            Loopback.reply(ex, ex.getRequestURI().getPath().startsWith("/fail") ? 500 : 200,
                    "{\"echo\": \"" + echo.replace("\"", "'") + "\"}");
        });
        listener.createContext("/hold", ex -> {
            requests.add(ex.getRequestURI() + " " + ex.getRequestHeaders().entrySet());
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Loopback.reply(ex, 200, "{\"held\": true}");
        });
        listener.createContext("/big", ex -> {
            requests.add(ex.getRequestURI().toString());
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                byte[] chunk = "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",".getBytes(StandardCharsets.UTF_8);
                out.write('[');
                for (int i = 0; i < 10 * 1024 * 1024 / chunk.length; i++) {
                    out.write(chunk);
                }
                out.write("\"end\"]".getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedByTheTask) {
                // the task stops reading at its limit
            }
        });
        listener.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        listener.stop(0);
    }

    private String listenerUrl(String host, String path) {
        return "http://" + host + ":" + listener.getAddress().getPort() + path;
    }

    private static String compile(String yaml) throws Exception {
        return new WorkflowCompiler().compile(new WorkflowParser().parse("attack.yaml", yaml)).jobXml();
    }

    /** Submits job XML inline through Liberty's batch REST API as an operator (batchSubmitter). */
    private static long submitAsOperator(String xml, Map<String, String> params) throws Exception {
        var p = Json.createObjectBuilder();
        params.forEach(p::add);
        Http.Reply r = Http.post(BATCH + "/jobinstances", "operator", Json.createObjectBuilder()
                .add("applicationName", "braid").add("moduleName", "braid.war").add("jobXML", xml).add("jobParameters", p).build());
        assertEquals(201, r.status(), "Liberty takes the job; Braid must refuse to act in it: " + r.body());
        return r.object().getJsonNumber("instanceId").longValue();
    }

    private static String jobLog(long instance) throws Exception {
        HttpResponse<String> log = Http.page(BATCH + "/jobinstances/" + instance + "/joblogs?type=text", "admin");
        assertEquals(200, log.statusCode(), log.body());
        return log.body();
    }

    private static long markerRows() throws Exception {
        long run = InlineJobs.submit("it-sec-count");
        JsonObject done = awaitRun(run, "COMPLETED");
        return tasks(done).get("count").getJsonObject("outputs").getJsonNumber("n").longValue();
    }

    // ---- 1. only compiled, deployed workflows run Braid's building blocks ----------------------------------

    @Test
    void inlineJobXmlThatIsNoDeployedWorkflowFailsBeforeItsFirstTask() throws Exception {
        String xml = compile("""
                name: attack-call
                tasks:
                  - { id: call, type: http, with: { url: "%s" } }
                """.formatted(listenerUrl("127.0.0.1", "/pwned")));
        long run = submitAsOperator(xml, Map.of());
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(failed.getString("reason", "").contains("not a workflow deployed in this application"), failed.toString());
        assertEquals(List.of(), requests, "the task never ran: no request reached the listener");
        assertTrue(jobLog(run).contains("Braid refused run " + run), "the job log says why");
    }

    @Test
    void aDeployedWorkflowWithItsPropertiesChangedIsRefusedAndAnUnchangedCopyRuns() throws Exception {
        long before = markerRows();
        String deployed = InlineJobs.xml("it-sec-count");
        String changed = deployed.replace("SELECT COUNT(*) AS n FROM it_sec_marker", "INSERT INTO it_sec_marker VALUES ('pwned')");
        assertFalse(changed.equals(deployed));
        JsonObject failed = awaitRun(submitAsOperator(changed, Map.of()), "FAILED");
        // refused when the job begins, by its structure (the step's properties are part of it), before any step
        assertTrue(failed.getString("reason", "").contains("step[@id='count']/properties/property[@name='braid.with.statement']"),
                failed.toString());
        assertEquals(before, markerRows(), "no row was inserted");

        // the batch runtime's substitution pasted into a setting is a change too
        String substituted = deployed.replace("SELECT COUNT(*) AS n FROM it_sec_marker",
                "SELECT COUNT(*) AS n FROM it_sec_marker WHERE note &lt;&gt; #{jobParameters['x']}");
        JsonObject alsoFailed = awaitRun(submitAsOperator(substituted, Map.of("x", "'' OR 1=1")), "FAILED");
        assertTrue(alsoFailed.getString("reason", "").contains("refused"), alsoFailed.toString());

        JsonObject same = awaitRun(submitAsOperator(deployed, Map.of()), "COMPLETED"); // the README tour's inline route
        assertEquals(before, tasks(same).get("count").getJsonObject("outputs").getJsonNumber("n").longValue());
    }

    @Test
    void aStepWithoutBraidsListenerCannotRunATaskPastTheGate() throws Exception {
        String deployed = InlineJobs.xml("it-sec-count");
        String noListener = deployed.replaceFirst(
                "(<step id=\"count\">(?s:.*?))<listeners>\\s*<listener ref=\"braidTaskListener\"/>\\s*</listeners>", "$1");
        assertFalse(noListener.equals(deployed));
        long run = submitAsOperator(noListener, Map.of());
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(failed.getString("reason", "").contains("step[@id='count']"), failed.toString());
        assertNothingRan(run, failed);
    }

    // ---- the structure of a job, not only its properties (#20) -------------------------------------------------

    /** Every {@code braid.*} property kept, the task's step runs Braid's no-op instead: it must not count as done. */
    @Test
    void aTasksStepRunningAnotherArtifactIsRefusedBeforeAnyStep() throws Exception {
        String deployed = InlineJobs.xml("it-sec-count");
        String forged = deployed.replaceFirst("(<step id=\"count\"[^>]*>(?s:.*?))<batchlet ref=\"braidTask\"/>", "$1<batchlet ref=\"braidMark\"/>");
        assertFalse(forged.equals(deployed));
        long run = submitAsOperator(forged, Map.of());
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(failed.getString("reason", "").contains("differs from the deployed workflow's job XML at /job")
                && failed.getString("reason").contains("step[@id='count']/batchlet/@ref ('braidMark' instead of 'braidTask')"), failed.toString());
        assertNothingRan(run, failed);
    }

    /** A partition plan around a plain task: one grant, six executions, unless refused. */
    @Test
    void aPartitionPlanAroundAPlainTaskIsRefusedBeforeAnyStep() throws Exception {
        String deployed = InlineJobs.xml("it-sec-count");
        String forged = deployed.replaceFirst("(<step id=\"count\"[^>]*>(?s:.*?)<batchlet ref=\"braidTask\"/>)",
                "$1<partition><plan partitions=\"6\" threads=\"100000\"/></partition>");
        assertFalse(forged.equals(deployed));
        long run = submitAsOperator(forged, Map.of());
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(failed.getString("reason", "").contains("an extra <partition>"), failed.toString());
        assertNothingRan(run, failed);
    }

    /** No task of the run started or is recorded done, and Liberty ran no step of its job. */
    private static void assertNothingRan(long run, JsonObject record) throws Exception {
        tasks(record).forEach((id, t) -> {
            assertFalse(t.getString("status").equals("COMPLETED") || t.containsKey("start") && !t.isNull("start"),
                    "task " + id + " ran: " + t);
        });
        Http.Reply executions = Http.get(BATCH + "/jobinstances/" + run + "/jobexecutions", "admin");
        assertEquals(200, executions.status(), executions.body());
        for (var e : executions.json().asJsonArray()) {
            long id = e.asJsonObject().getJsonNumber("executionId").longValue();
            Http.Reply steps = Http.get(BATCH + "/jobexecutions/" + id + "/stepexecutions", "admin");
            assertEquals(200, steps.status(), steps.body());
            assertEquals(0, steps.json().asJsonArray().size(), "Liberty ran steps of the refused job: " + steps.body());
        }
    }

    // ---- 2. least privilege in the database ------------------------------------------------------------------

    @Test
    void workflowSqlRunsWithoutAdministratorRights() throws Exception {
        Path written = Path.of("/tmp/braid-it-sec-csvwrite.csv");
        Files.deleteIfExists(written);
        JsonObject done = awaitRun(InlineJobs.submit("it-sec-admin-sql"), "FAILED");
        Map<String, JsonObject> t = tasks(done);
        for (String task : List.of("write-file", "read-file", "java-function", "new-admin")) {
            assertEquals("FAILED", t.get(task).getString("status"), task);
            assertTrue(t.get(task).getString("error").contains("Admin rights are required"), task + ": " + t.get(task));
        }
        for (String task : List.of("read-records", "read-repository")) {
            assertEquals("FAILED", t.get(task).getString("status"), task);
            assertTrue(t.get(task).getString("error").matches("(?s).*(Not enough rights|not found).*"), task + ": " + t.get(task));
        }
        assertFalse(Files.exists(written), "no file was written on the server");
    }

    @Test
    void theDatabaseOpensNoPortForOtherProcesses() {
        Path db = Path.of(System.getProperty("braid.it.data.dir", "target/it-data")).toAbsolutePath().resolve("braid");
        // with AUTO_SERVER the file's lock would name a TCP server, and this JVM would be let in through it
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE", "braid", "braid").close());
        assertTrue(e.getMessage().contains("already in use") || e.getMessage().contains("locked"), e.getMessage());
    }

    // ---- 3. no run-time value where it picks code or a target; restart takes declared parameters only ---------

    @Test
    void aParameterCannotReachSqlTextOrATargetAtCompileTime() {
        var e = assertThrows(WorkflowException.class, () -> new WorkflowParser().parse("bad.yaml", """
                name: bad
                params: { day: { }, ds: jdbc/x, verb: GET, t: x }
                tasks:
                  - { id: a, type: sql, with: { statement: "SELECT * FROM t WHERE day = '#{jobParameters['day']}'" } }
                  - { id: b, type: sql, with: { statement: "SELECT 1", datasource: "${params.ds}" } }
                  - { id: c, type: http, with: { url: "http://localhost/x", method: "${params.verb}" } }
                  - { id: d, type: csv-import, with: { file: "classpath:x.csv", table: "${params.t}" } }
                """));
        String all = e.getMessage();
        for (String field : List.of("tasks[a].with.statement", "tasks[b].with.datasource", "tasks[c].with.method", "tasks[d].with.table")) {
            assertTrue(all.contains(field), field + " refused: " + all);
        }
    }

    @Test
    void aRestartRefusesParametersTheWorkflowDoesNotDeclare() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/flaky/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("fail", "true")).build());
        long run = started.object().getJsonNumber("runId").longValue();
        awaitRun(run, "FAILED");
        Http.Reply r = Http.post(API + "/runs/" + run + "/restart", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("evil", "x")).build());
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("unknown parameter 'evil'"), r.body());
        assertEquals(1, Http.get(API + "/runs/" + run, "operator").object().getInt("executions"), "not restarted");
    }

    // ---- 4. outbound policy ----------------------------------------------------------------------------------

    @Test
    void aUrlFromAParameterReachesOnlyAllowedHosts() throws Exception {
        // the retail sample takes its URL from a parameter; 'localhost:<port>' is not on this server's allow-list
        Http.Reply started = Http.post(API + "/workflows/retail/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("fxUrl", listenerUrl("localhost", "/rates"))).build());
        assertEquals(201, started.status(), started.body());
        JsonObject failed = awaitRun(started.object().getJsonNumber("runId").longValue(), "FAILED");
        assertTrue(tasks(failed).get("fx-rates").getString("error").contains("is not allowed"), failed.toString());
        assertEquals(List.of(), requests, "no request reached the host");
    }

    @Test
    void answersAreReadOnlyUpToTheLimitAndErrorsQuoteAShortExcerpt() throws Exception {
        JsonObject failed = awaitRun(InlineJobs.submit("it-sec-big", Map.of("url", listenerUrl("127.0.0.1", "/big"))), "FAILED");
        String error = tasks(failed).get("call").getString("error");
        assertTrue(error.contains("larger than"), error);
        assertTrue(error.length() < 600, "a short message: " + error.length() + " characters");
    }

    @Test
    void csvImportReadsOnlyUnderItsFileRoots() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "it-csv").toAbsolutePath());
        Path outside = Files.createDirectories(Path.of("target", "it-outside").toAbsolutePath());
        Path secret = outside.resolve("secret.csv");
        Files.write(secret, List.of("id,name", "1,outside"), StandardCharsets.UTF_8);
        Path link = root.resolve("link-to-outside.csv");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, secret);
        for (String file : List.of(secret.toString(), root.resolve("../it-outside/secret.csv").toString(), link.toString())) {
            JsonObject failed = awaitRun(InlineJobs.submit("it-csv", Map.of("file", file)), "FAILED");
            JsonObject load = tasks(failed).get("load");
            assertEquals("FAILED", load.getString("status"), file);
            assertTrue(load.getString("error").contains("outside the folders tasks may read"), file + ": " + load);
            assertFalse(load.containsKey("outputs") && load.getJsonObject("outputs").containsKey("rows"), "nothing imported: " + load);
        }
    }

    // ---- 5. secrets ---------------------------------------------------------------------------------------------

    /** A run an administrator purged through Liberty is readable by administrators only, and listed to no one else. */
    @Test
    void aRunPurgedThroughLibertyIsHiddenFromEveryoneButAdministrators() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/it-sec-count/runs", "operator", Json.createObjectBuilder().build());
        assertEquals(201, started.status(), started.body());
        long run = started.object().getJsonNumber("runId").longValue();
        awaitRun(run, "COMPLETED");
        for (String user : List.of("operator", "viewer")) {
            assertEquals(200, Http.get(API + "/runs/" + run, user).status(), user + " reads it before the purge");
        }
        HttpResponse<String> purged = Http.raw("DELETE", BATCH + "/jobinstances/" + run, "admin", null, null, Map.of());
        assertTrue(purged.statusCode() == 200 || purged.statusCode() == 204, purged.statusCode() + " " + purged.body());
        for (String user : List.of("operator", "viewer")) {
            Http.Reply after = Http.get(API + "/runs/" + run, user);
            assertEquals(404, after.status(), user + ": the purged run answered " + after.status() + ": " + after.body());
            assertFalse(Http.get(API + "/runs?limit=1000", user).json().asJsonArray().stream()
                    .anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == run), user + ": and it is not listed");
            assertEquals(404, Http.page(API + "/runs/" + run + "/report", user).statusCode(), user + ": nor its report");
        }
        assertEquals(200, Http.get(API + "/runs/" + run, "admin").status(), "an administrator still reads the record");
        assertEquals(404, Http.get(API + "/runs/987654321", "operator").status(), "a run with no record: 404 at once");
    }

    /**
     * An operator watching the gate sees how busy each group and lock is, but the run ids and task names of their own
     * runs only: here an administrator's run holds the group and the lock.
     */
    @Test
    void anOperatorSeesTheGateButNotOtherUsersRuns() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/partner-sync/runs", "admin",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("callTime", "700ms")).build());
        assertEquals(201, started.status(), started.body());
        long adminsRun = started.object().getJsonNumber("runId").longValue();
        List<JsonObject> operatorViews = new ArrayList<>();
        AtomicBoolean busyCounted = new AtomicBoolean();
        await("the administrator's run holding the group, as the administrator sees it").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(40)).until(() -> {
                    JsonObject mine = Http.get(API + "/resources", "operator").object();
                    operatorViews.add(mine);
                    mine.getJsonArray("groups").stream().map(JsonValue::asJsonObject)
                            .filter(g -> g.getString("name").equals("partner-api") && g.getInt("running") > 0)
                            .forEach(g -> busyCounted.set(true));
                    JsonObject all = Http.get(API + "/resources", "admin").object();
                    return busyCounted.get() && all.getJsonArray("groups").stream().map(JsonValue::asJsonObject)
                            .filter(g -> g.getString("name").equals("partner-api"))
                            .anyMatch(g -> g.getJsonArray("holders").stream()
                                    .anyMatch(h -> h.asJsonObject().getJsonNumber("run").longValue() == adminsRun));
                });
        awaitRun(adminsRun, "COMPLETED");
        for (JsonObject view : operatorViews) {
            List<Long> seen = new ArrayList<>();
            view.getJsonArray("runs").forEach(r -> seen.add(r.asJsonObject().getJsonNumber("id").longValue()));
            for (String kind : List.of("groups", "locks")) {
                view.getJsonArray(kind).forEach(g -> g.asJsonObject().getJsonArray("holders")
                        .forEach(h -> seen.add(h.asJsonObject().getJsonNumber("run").longValue())));
            }
            assertFalse(seen.contains(adminsRun), "the operator saw the administrator's run: " + view);
        }    }

    /** Refused starts carrying a large secret leave nothing in the server's memory (they once kept every one). */
    @Test
    void refusedStartsWithASecretSealNothing() throws Exception {
        long before = secretsHeld();
        String big = "s".repeat(60_000);
        for (int i = 0; i < 200; i++) {
            Http.Reply r = Http.post(API + "/workflows/it-sec-secret/runs", "operator", Json.createObjectBuilder()
                    .add("params", Json.createObjectBuilder().add("token", big).add("url", "http://127.0.0.1:1/").add("nope", "x")).build());
            assertEquals(400, r.status(), r.body());
            assertFalse(r.body().contains(big.substring(0, 40)), "the secret is not echoed");
        }
        assertEquals(before, secretsHeld(), "sealed values held after 200 refused starts");
    }

    /**
     * Accepted runs hold their secret only while they are in flight: once they end, the server holds no more values
     * than before (20 runs with a 60 KB secret each), and a restart must give the secret again.
     */
    @Test
    void aRunsSecretIsDroppedWhenItEndsAndARestartMustGiveItAgain() throws Exception {
        long before = secretsHeld();
        String big = "b".repeat(60_000);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Http.Reply r = Http.post(API + "/workflows/it-sec-secret/runs", "operator", Json.createObjectBuilder()
                    .add("params", Json.createObjectBuilder().add("token", big + i).add("url", listenerUrl("127.0.0.1", "/fail"))).build());
            assertEquals(201, r.status(), r.body());
            runs.add(r.object().getJsonNumber("runId").longValue());
        }
        for (long run : runs) {
            awaitRun(run, "FAILED");
        }
        assertEquals(before, secretsHeld(), "values held once the 20 runs ended");

        long run = runs.get(0);
        Http.Reply without = Http.post(API + "/runs/" + run + "/restart", "operator", Json.createObjectBuilder().build());
        assertEquals(400, without.status(), without.body());
        assertTrue(without.body().contains("secret parameter 'token' must be given again"), without.body());
        assertEquals(1, Http.get(API + "/runs/" + run, "operator").object().getInt("executions"), "not restarted");

        String again = "again-" + System.nanoTime();
        requests.clear();
        Http.Reply with = Http.post(API + "/runs/" + run + "/restart", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("token", again)).build());
        assertEquals(202, with.status(), with.body());
        awaitRun(run, "FAILED", 2);
        assertTrue(requests.stream().anyMatch(r -> r.contains(again)), "the restart used the value given again: " + requests);
        assertEquals(before, secretsHeld(), "and dropped it when the restart ended");
    }

    private static long secretsHeld() throws Exception {
        String metrics = Http.getText(Http.HTTPS + "/metrics?scope=application", "admin").body();
        return metrics.lines().filter(l -> l.startsWith("braid_secrets_held")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no braid_secrets_held in:\n" + metrics));
    }

    /**
     * A sealed reference read from the job repository is worth nothing elsewhere: while its run is in flight it opens for
     * no other run and no other parameter, and once that run has ended it opens for no one.
     */
    @Test
    void aSealedSecretOpensOnlyForItsRunAndParameter() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime();
        Http.Reply first = Http.post(API + "/workflows/retail/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("fxToken", secret).add("fxUrl", listenerUrl("127.0.0.1", "/hold")))
                .build());
        long runA = first.object().getJsonNumber("runId").longValue();
        // run A waits in fx-rates for the listener's answer, its secret sent and still held by the server
        await("run A's call held").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> requests.stream().anyMatch(r -> r.startsWith("/hold") && r.contains(secret)));
        // a viewer reads the sealed reference from the job repository
        JsonObject instance = Http.get(BATCH + "/jobinstances/" + runA + "/jobexecutions", "viewer").json()
                .asJsonArray().getJsonObject(0);
        String ref = instance.getJsonObject("jobParameters").getString("fxToken");
        assertTrue(ref.startsWith("braid-secret:"), instance.toString());

        // an operator passes it to another run as another parameter, through Braid's API …
        Http.Reply other = Http.post(API + "/workflows/retail/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("currency", ref).add("fxUrl", listenerUrl("127.0.0.1", "/rates"))).build());
        JsonObject failedB = awaitRun(other.object().getJsonNumber("runId").longValue(), "FAILED");
        assertTrue(tasks(failedB).get("fx-rates").getString("error").contains("sealed secret was given for another parameter"),
                failedB.toString());
        // … and as the same parameter, through Liberty's batch REST API (where Braid does not seal it again)
        JsonObject failedC = awaitRun(submitByName(ref), "FAILED");
        assertTrue(tasks(failedC).get("fx-rates").getString("error").contains("sealed secret was given to another run"),
                failedC.toString());

        hold.countDown();
        awaitRun(runA, "FAILED"); // the held answer has no rates; what matters is what was sent
        JsonObject failedD = awaitRun(submitByName(ref), "FAILED");
        assertTrue(tasks(failedD).get("fx-rates").getString("error").contains("not known to this server any more"),
                "once run A ended, its secret opens for no one: " + failedD);
        for (JsonObject run : List.of(failedB, failedC, failedD)) {
            assertFalse(run.toString().contains(secret), "not in the run: " + run);
        }
        assertTrue(requests.stream().filter(r -> !r.startsWith("/hold")).noneMatch(r -> r.contains(secret)),
                "the secret reached no other request: " + requests);
    }

    /** retail started through Liberty's batch REST API with a sealed reference as its fxToken. */
    private long submitByName(String ref) throws Exception {
        Http.Reply byName = Http.post(BATCH + "/jobinstances", "operator", Json.createObjectBuilder()
                .add("applicationName", "braid").add("moduleName", "braid.war").add("jobXMLName", "retail")
                .add("jobParameters", Json.createObjectBuilder().add("fxToken", ref).add("fxUrl", listenerUrl("127.0.0.1", "/rates")))
                .build());
        assertEquals(201, byName.status(), byName.body());
        return byName.object().getJsonNumber("instanceId").longValue();
    }

    @Test
    void aSecretAppearsInNoAnswerReportOrLogEvenWhenTheTaskFailsWithIt() throws Exception {
        String secret = "tk-" + System.nanoTime();
        long run = -1;
        Http.Reply started = Http.post(API + "/workflows/it-sec-secret/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("token", secret).add("url", listenerUrl("127.0.0.1", "/fail"))).build());
        if (started.status() == 201) {
            run = started.object().getJsonNumber("runId").longValue();
        } else { // deployed as an extension: started inline where the server does not list it by name
            run = InlineJobs.submit("it-sec-secret", Map.of("token", secret, "url", listenerUrl("127.0.0.1", "/fail")));
        }
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(requests.stream().anyMatch(r -> r.contains(secret)), "the task sent the real value");
        String error = tasks(failed).get("call").getString("error");
        assertTrue(error.contains("answered 500") && error.contains("******"), error);
        List<String> seen = new ArrayList<>();
        seen.add(Http.get(API + "/runs/" + run, "viewer").body());
        seen.add(Http.page(API + "/runs/" + run + "/report", "viewer").body());
        seen.add(jobLog(run));
        try (Stream<Path> logs = Files.walk(SERVER_DIR.resolve("logs"))) { // messages, trace, FFDC incidents
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                seen.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        for (String text : seen) {
            assertFalse(text.contains(secret), "the secret is shown: …" + excerpt(text, secret) + "…");
        }
    }

    private static String excerpt(String text, String needle) {
        int at = text.indexOf(needle);
        return text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 100));
    }

    // ---- 6. browser and API ------------------------------------------------------------------------------------

    /**
     * Liberty's batch REST API takes a job as a text/plain or form body, which any page can make a browser send; a
     * browser that logged in (Admin Center, or Basic, which Liberty answers with an LtpaToken2 cookie) must not send
     * that cookie along with a foreign page's request.
     */
    @Test
    void libertysSessionCookieGoesOnlyWithThisSitesRequests() throws Exception {
        HttpResponse<String> r = Http.raw("GET", BATCH + "/jobinstances", "admin", null, null, Map.of());
        List<String> ltpa = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("LtpaToken2=")).toList();
        assertFalse(ltpa.isEmpty(), "Liberty sets its session cookie: " + r.headers().map());
        ltpa.forEach(c -> assertTrue(c.contains("SameSite=Strict") && c.contains("Secure") && c.contains("HttpOnly"), c));
    }

    @Test
    void formShapedStateChangesAreRefusedWithoutStartingARun() throws Exception {
        int before = Http.get(API + "/runs?workflow=nshape&limit=1000", "admin").json().asJsonArray().size();
        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
            HttpResponse<String> r = Http.raw("POST", API + "/workflows/nshape/runs", "operator", type, "", Map.of());
            assertEquals(415, r.statusCode(), type + ": " + r.body());
        }
        assertEquals(before, Http.get(API + "/runs?workflow=nshape&limit=1000", "admin").json().asJsonArray().size(),
                "no run was started");
        HttpResponse<String> huge = Http.raw("POST", API + "/workflows/nshape/runs", "operator", "application/json",
                "{\"params\": {}, \"pad\": \"" + "x".repeat(100_000) + "\"}", Map.of());
        assertEquals(413, huge.statusCode(), huge.body());
    }

    @Test
    void theDashboardCannotBeFramedAndRunsOnlyItsOwnScripts() throws Exception {
        for (String path : List.of("/braid/", "/braid/ui/app.js", "/braid/api/workflows")) {
            HttpResponse<String> r = Http.raw("GET", Http.HTTP + path, "viewer", null, null, Map.of());
            assertEquals(200, r.statusCode(), path);
            assertEquals(Optional.of("DENY"), r.headers().firstValue("X-Frame-Options"), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), path + ": " + csp);
        }
    }

    @Test
    void metricsNeedALogin() throws Exception {
        assertEquals(401, Http.raw("GET", Http.HTTPS + "/metrics", null, null, null, Map.of()).statusCode());
        assertEquals(200, Http.raw("GET", Http.HTTPS + "/metrics", "admin", null, null, Map.of()).statusCode());
    }

    @Test
    void credentialsCrossTheNetworkOnlyOverHttps() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream()).filter(a -> a instanceof Inet4Address).findFirst();
        assumeTrue(external.isPresent(), "this machine has no network interface besides loopback");
        int http = Integer.parseInt(Http.HTTP.replaceAll(".*:(\\d+).*", "$1"));
        int https = Integer.parseInt(Http.HTTPS.replaceAll(".*:(\\d+).*", "$1"));
        // the test server listens for HTTPS on every interface (braid.https.host=*), as a reachable server would
        try (Socket s = new Socket(external.get(), https)) {
            assertTrue(s.isConnected(), "HTTPS is reachable from the network");
        }
        assertThrows(ConnectException.class, () -> new Socket(external.get(), http).close(),
                "plain HTTP is not reachable from the network");
        assertEquals(401, Http.raw("GET", "https://" + external.get().getHostAddress() + ":" + https + "/braid/api/me", null,
                null, null, Map.of()).statusCode());
    }
}
