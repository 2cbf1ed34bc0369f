package io.braid.liberty;

import com.sun.net.httpserver.HttpServer;
import io.braid.testing.Loopback;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.braid.liberty.LibertyIT.awaitRun;
import static io.braid.liberty.LibertyIT.tasks;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task types on the Liberty server: the retail sample through Braid's API, and test workflows compiled here
 * and submitted as inline job XML through Liberty's batch REST API (restarted there too).
 */
@Tag("liberty")
class TaskTypesIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final String BATCH = Http.HTTPS + "/ibm/api/batch";

    /** Compiles a workflow with Braid's compiler and starts it as inline JSL; returns the run id (instance id). */
    private static void restart(long instance) throws Exception {
        restart(instance, Map.of());
    }

    /** Liberty's restart takes the job parameters anew: pass the ones the run needs. */
    private static void restart(long instance, Map<String, String> params) throws Exception {
        var p = Json.createObjectBuilder();
        params.forEach(p::add);
        Http.Reply r = Http.put(BATCH + "/jobinstances/" + instance + "?action=restart", "admin",
                Json.createObjectBuilder().add("jobParameters", p).build());
        assertTrue(r.status() == 200 || r.status() == 202, r.status() + " " + r.body());
    }

    private static String output(JsonObject run, String task, String key) {
        return tasks(run).get(task).getJsonObject("outputs").get(key).toString();
    }

    @Test
    void theRetailSampleImportsAnalysesCallsTheAppAndFansOutPerRegion() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/retail/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("fxUrl", Http.HTTP + "/braid/samples/fx-rates")
                        .add("fxToken", "k3y-sent-to-fx-9d1e")).build());
        assertEquals(201, started.status(), started.body());
        JsonObject run = awaitRun(started.object().getJsonNumber("runId").longValue(), "COMPLETED");
        String jobParams = Http.get(Http.HTTPS + "/ibm/api/batch/jobexecutions/" + started.object().getJsonNumber("executionId"), "admin").body();
        assertTrue(jobParams.contains("braid-secret:") && !jobParams.contains("k3y-sent-to-fx-9d1e"),
                "the secret parameter reaches the job repository only as a sealed reference: " + jobParams);
        assertEquals("200", output(run, "import-customers", "rows"));
        assertEquals("60", output(run, "import-products", "rows"));
        assertEquals("1.08", output(run, "fx-rates", "rate"));
        assertEquals("4", output(run, "report-per-region", "partitions"));
        assertEquals(4, tasks(run).get("report-per-region").getJsonArray("partitions").size(), "one try per partition: " + run);
        tasks(run).get("report-per-region").getJsonArray("partitions").forEach(p -> {
            assertEquals("COMPLETED", p.asJsonObject().getString("status"), p.toString());
            assertTrue(p.asJsonObject().getJsonObject("item").containsKey("region"), p.toString());
        });
        assertEquals("4", output(run, "summary", "regions"));
        assertEquals("200", output(run, "summary", "customers"));
        assertEquals("60", output(run, "summary", "products"));
        // progress is written just after each chunk, on the gate's thread: it may come a moment after the run's end
        long id = run.getJsonNumber("id").longValue();
        run = await("progress of the import and the fan-out").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.get(API + "/runs/" + id, "viewer").object(), r -> tasks(r).get("report-per-region").containsKey("progress")
                        && tasks(r).get("report-per-region").getJsonObject("progress").getInt("partitionsEnded") == 4
                        && tasks(r).get("import-customers").containsKey("progress")
                        && tasks(r).get("import-customers").getJsonObject("progress").getInt("read") == 200);
        JsonObject importProgress = tasks(run).get("import-customers").getJsonObject("progress");
        assertEquals(200, importProgress.getInt("written"));
        assertTrue(tasks(run).get("summary").containsKey("heartbeat"), "every task that ran has a last heartbeat");
        // (that the two imports may run side by side is a matter of timing, shown where tasks last long enough:
        // LibertyIT and the README tour run classic's 2 s imports and check that they overlap)
    }

    @Test
    void aCsvImportFailingAtLine7000RestartsWithExactly10000Rows() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-csv").toAbsolutePath());
        String table = "it_import_" + System.nanoTime();
        Path file = dir.resolve(table + ".csv");
        List<String> lines = new ArrayList<>();
        lines.add("id,name");
        for (int i = 1; i <= 10_000; i++) {
            lines.add(i + ",customer " + i);
        }
        lines.set(6999, "not-a-number,broken");
        Files.write(file, lines, StandardCharsets.UTF_8);
        long run = InlineJobs.submit("it-csv", Map.of("file", file.toString()));
        JsonObject failed = awaitRun(run, "FAILED");
        assertTrue(tasks(failed).get("load").getString("error").contains("lines 6502..7001"), failed.toString());

        lines.set(6999, "6999,customer 6999");
        Files.write(file, lines, StandardCharsets.UTF_8);
        restart(run, Map.of("file", file.toString()));
        JsonObject done = awaitRun(run, "COMPLETED", 2);
        assertEquals("10000", output(done, "count", "n"));
        assertEquals("10000", output(done, "count", "d"));
        assertEquals("50005000", output(done, "count", "s"));
    }

    @Test
    void aFanOutRestartRerunsOnlyItsFailedPartition() throws Exception {
        long run = InlineJobs.submit("it-fanout");
        JsonObject failed = awaitRun(run, "FAILED");
        assertEquals("FAILED", tasks(failed).get("per-region").getString("status"), failed.toString());

        long fix = InlineJobs.submit("it-fanout-fix");
        awaitRun(fix, "COMPLETED");
        restart(run);
        JsonObject done = awaitRun(run, "COMPLETED", 2);
        assertEquals("3", output(done, "check", "n"), "EU and US did not run again: " + done);
        assertEquals("3", output(done, "check", "d"));
        assertEquals(3, tasks(done).get("per-region").getJsonObject("outputs").getJsonArray("results").size());
        assertEquals("COMPLETED", tasks(done).get("per-nothing").getString("status"), "an empty list: no partitions");
        assertEquals("0", output(done, "per-nothing", "partitions"));
    }

    @Test
    void oneTaskIsCancelledThroughBraidsApiWhileTheOthersFinish() throws Exception {
        long run = InlineJobs.submit("it-cancel");
        await("slow running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)) // the record appears when the job starts
                .until(() -> Optional.ofNullable(tasks(Http.get(API + "/runs/" + run, "viewer").object()).get("slow"))
                        .map(t -> t.getString("status")).orElse(""), "RUNNING"::equals);
        String cancel = API + "/runs/" + run + "/tasks/slow/cancel";
        assertEquals(403, Http.post(cancel, "viewer", null).status());
        assertEquals(403, Http.post(cancel, "operator", null).status(), "an operator steers only their own runs");
        assertEquals(404, Http.post(API + "/runs/" + run + "/tasks/nope/cancel", "admin", null).status());
        Http.Reply r = Http.post(cancel, "admin", null);
        assertEquals(202, r.status(), r.body());
        assertEquals("STOPPING", r.object().getString("status"));
        JsonObject done = awaitRun(run, "FAILED");
        assertEquals("CANCELLED", tasks(done).get("slow").getString("status"));
        assertEquals("SKIPPED", tasks(done).get("after-slow").getString("status"));
        assertEquals("COMPLETED", tasks(done).get("other").getString("status"));
        assertEquals(409, Http.post(cancel, "admin", null).status(), "the run has ended");
    }

    @Test
    void retriesThroughFaultToleranceAndTimeoutsOnTheServer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer partner = Loopback.server();
        partner.createContext("/flaky", ex -> Loopback.reply(ex, calls.incrementAndGet() <= 2 ? 503 : 200, "{}"));
        partner.start();
        try {
            double retriesBefore = retries();
            long run = InlineJobs.submit("it-retry", Map.of("url", "http://127.0.0.1:" + partner.getAddress().getPort() + "/flaky"));
            JsonObject done = awaitRun(run, "FAILED");
            JsonObject call = tasks(done).get("call");
            assertEquals("COMPLETED", call.getString("status"), done.toString());
            assertEquals(3, call.getInt("attempts"), "two retries, each counted");
            assertEquals(3, calls.get());
            JsonObject sleepy = tasks(done).get("sleepy");
            assertEquals("FAILED", sleepy.getString("status"));
            assertTrue(sleepy.getString("error").contains("timed out after 300ms"), sleepy.toString());
            String metrics = Http.getText(Http.HTTPS + "/metrics", "admin").body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ft_retry_retries_total{") && l.contains("RetryGuard")),
                    "MicroProfile Fault Tolerance's own metrics of the retry guard appear alongside Braid's:\n" + metrics);
            assertEquals(retriesBefore + 2, retries(), "two retries counted, by workflow:\n" + metrics);
        } finally {
            partner.stop(0);
        }
    }

    /** braid_task_retries_total of workflow it-retry (0 before its first retry). */
    private static double retries() throws Exception {
        return Http.getText(Http.HTTPS + "/metrics?scope=application", "admin").body().lines()
                .filter(l -> l.startsWith("braid_task_retries_total{") && l.contains("workflow=\"it-retry\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
