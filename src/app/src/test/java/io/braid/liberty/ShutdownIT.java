package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown on the real server: `server stop` while a task runs leaves the run and the task STOPPED
 * (quickly, not after the task's 60 s), and after the server is back a restart continues only what had not
 * completed.
 */
@Tag("liberty")
class ShutdownIT {
    private static final String API = Http.HTTP + "/braid/api";

    @Test
    void aServerStopStopsRunningTasksAndARestartAfterwardsContinuesThem() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/classic/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("importTime", "60s").add("analysisTime", "100ms")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        awaitTask(runId, "import-customers", "RUNNING");
        awaitTask(runId, "import-products", "COMPLETED"); // 2 s

        long before = System.nanoTime();
        ItServer.command("stop");
        long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before);
        ItServer.command("start");
        ItServer.awaitReady();

        JsonObject run = Http.get(API + "/runs/" + runId, "operator").object();
        assertEquals("STOPPED", run.getString("status"), run.toString());
        assertEquals("STOPPED", LibertyIT.tasks(run).get("import-customers").getString("status"), run.toString());
        assertTrue(stopSeconds < 45, "the 60 s task was stopped, not waited for: server stop took " + stopSeconds + " s");
        assertTrue(ItServer.messages().contains("Braid run " + runId + " task import-customers: STOPPED"), "logged as stopped");

        Http.Reply restarted = Http.post(API + "/runs/" + runId + "/restart", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("importTime", "200ms")).build());
        assertEquals(202, restarted.status(), restarted.body());
        JsonObject done = LibertyIT.awaitRun(runId, "COMPLETED", 2);
        assertEquals(2, LibertyIT.tasks(done).get("import-customers").getJsonArray("tries").size(),
                "the stopped task ran again: " + done);
        assertEquals(1, LibertyIT.tasks(done).get("import-products").getJsonArray("tries").size(),
                "a task that had completed did not run again: " + done);
    }

    private static void awaitTask(long runId, String task, String status) {
        await(task + " " + status).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> LibertyIT.tasks(Http.get(API + "/runs/" + runId, "operator").object()).get(task).getString("status"), status::equals);
    }
}
