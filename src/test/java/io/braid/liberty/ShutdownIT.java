package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown on the real server: `server stop` while a task runs leaves the run and the task STOPPED
 * (quickly, not after the task's 60 s), and after the server is back a restart continues only what had not
 * completed.
 */
class ShutdownIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final Path SERVER = Path.of("target", "liberty", "wlp", "bin", "server");

    @Test
    void aServerStopStopsRunningTasksAndARestartAfterwardsContinuesThem() throws Exception {
        Http.Reply started = Http.post(API + "/workflows/classic/runs", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("importTime", "60s").add("analysisTime", "100ms")).build());
        assertEquals(201, started.status(), started.body());
        long runId = started.object().getJsonNumber("runId").longValue();
        awaitTask(runId, "import-customers", "RUNNING");
        awaitTask(runId, "import-products", "COMPLETED"); // 2 s

        long before = System.nanoTime();
        server("stop");
        long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before);
        server("start");
        awaitReady();

        JsonObject run = Http.get(API + "/runs/" + runId, "operator").object();
        assertEquals("STOPPED", run.getString("status"), run.toString());
        assertEquals("STOPPED", LibertyIT.tasks(run).get("import-customers").getString("status"), run.toString());
        assertTrue(stopSeconds < 45, "the 60 s task was stopped, not waited for: server stop took " + stopSeconds + " s");
        StringBuilder log = new StringBuilder(); // the server's start rolled the log of the stop into messages_<time>.log
        try (java.util.stream.Stream<Path> logs = Files.list(Path.of("target", "liberty", "wlp", "usr", "servers", "braid-it", "logs"))) {
            for (Path f : logs.filter(f -> f.getFileName().toString().startsWith("messages")).toList()) {
                log.append(Files.readString(f));
            }
        }
        assertTrue(log.toString().contains("Braid run " + runId + " task import-customers: STOPPED"), "logged as stopped");

        Http.Reply restarted = Http.post(API + "/runs/" + runId + "/restart", "operator", Json.createObjectBuilder()
                .add("params", Json.createObjectBuilder().add("importTime", "200ms")).build());
        assertEquals(202, restarted.status(), restarted.body());
        JsonObject done = LibertyIT.awaitRun(runId, "COMPLETED", 2);
        assertEquals(2, LibertyIT.tasks(done).get("import-customers").getJsonArray("tries").size(),
                "the stopped task ran again: " + done);
        assertEquals(1, LibertyIT.tasks(done).get("import-products").getJsonArray("tries").size(),
                "a task that had completed did not run again: " + done);
    }

    private static void server(String action) throws Exception {
        Process p = new ProcessBuilder(List.of(SERVER.toString(), action, "braid-it")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "server " + action);
        assertEquals(0, p.exitValue(), "server " + action + ": " + out);
    }

    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (Http.get(Http.HTTP + "/health/ready", null).status() == 200
                        && Http.get(API + "/workflows", "viewer").status() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("braid-it did not come back");
    }

    private static void awaitTask(long runId, String task, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonObject run = Http.get(API + "/runs/" + runId, "operator").object();
            if (LibertyIT.tasks(run).get(task).getString("status").equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(task + " never " + status);
    }
}
