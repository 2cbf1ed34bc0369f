package io.braid.liberty;

import io.braid.testing.IdCsv;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's JVM killed (SIGKILL) while a run imports CSV files: when the server is back, the run's record says
 * what happened (FAILED, with the reason, the running tasks STOPPED) instead of showing RUNNING forever, and a
 * restart through Braid's API runs only what had not completed and ends with every row exactly once.
 */
@Tag("liberty")
class ServerCrashIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final int BIG = 150_000;
    private static final int PART = 40_000;

    @Test
    void aKilledServerRecordsItsRunAsFailedAndARestartCompletesItWithEveryRowOnce() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-csv", "crash-" + System.nanoTime()).toAbsolutePath());
        long sum = IdCsv.write(dir.resolve("big.csv"), 1, BIG) + IdCsv.write(dir.resolve("a.csv"), 1_000_001, PART)
                + IdCsv.write(dir.resolve("b.csv"), 2_000_001, PART);
        long total = BIG + 2L * PART;

        Http.Reply started = Http.post(API + "/workflows/it-crash/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("dir", dir.toString())).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        long execution = started.object().getJsonNumber("executionId").longValue();
        await("load a third through").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> written(run(runId), "load") >= BIG / 3);

        ItServer.kill();
        ItServer.command("start");
        ItServer.awaitReady();

        JsonObject lost = run(runId);
        assertEquals("FAILED", lost.getString("status"), lost.toString());
        assertTrue(lost.getString("reason", "").contains("the server stopped while the run was in flight"), lost.toString());
        assertEquals("STOPPED", LibertyIT.tasks(lost).get("load").getString("status"), lost.toString());
        assertEquals("COMPLETED", LibertyIT.tasks(lost).get("create").getString("status"), lost.toString());
        assertTrue(ItServer.messages().contains("Braid: runs [" + runId + "] were in flight"), "the reconciliation is logged");
        String batchStatus = Http.get(Http.HTTPS + "/ibm/api/batch/jobexecutions/" + execution, "admin").object().getString("batchStatus");
        assertEquals("FAILED", batchStatus, "Liberty recovers its own dead executions at start");

        Http.Reply restarted = Http.post(API + "/runs/" + runId + "/restart", "operator", Json.createObjectBuilder().build());
        assertEquals(202, restarted.status(), restarted.body());
        JsonObject done = LibertyIT.awaitRun(runId, "COMPLETED", 2);
        JsonObject count = LibertyIT.tasks(done).get("count").getJsonObject("outputs");
        IdCsv.assertEveryRowOnce(total, sum, count.getJsonNumber("n").longValue(), count.getJsonNumber("d").longValue(),
                count.getJsonNumber("s").longValue(), done);
        for (String once : new String[] {"drop", "create"}) {
            assertEquals(1, LibertyIT.tasks(done).get(once).getJsonArray("tries").size(), once + " did not run again: " + done);
        }
    }

    private static JsonObject run(long runId) throws Exception {
        return Http.get(API + "/runs/" + runId, "operator").object();
    }

    private static long written(JsonObject run, String task) {
        JsonObject t = LibertyIT.tasks(run).get(task);
        return t.containsKey("progress") ? t.getJsonObject("progress").getJsonNumber("written").longValue() : 0;
    }

}
