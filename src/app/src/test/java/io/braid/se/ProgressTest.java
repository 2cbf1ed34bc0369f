package io.braid.se;

import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeats of running tasks, and progress of chunk and fan-out tasks, in the run records. */
@Tag("se")
class ProgressTest {
    @Test
    void aRunningTasksHeartbeatMovesWhileItRuns() throws Exception {
        deploy("heartbeat-se", """
                name: heartbeat-se
                tasks:
                  - { id: long, type: wait, with: { duration: 2s } }
                """);
        long e = start("heartbeat-se", Map.of());
        // the lease is 1 s in this JVM, so the gate beats every third of a second
        RunView later = SeBraid.awaitRun(e, r -> {
            TaskView t = task(r, "long");
            return "RUNNING".equals(t.status()) && t.heartbeat() != null && t.start() != null
                    && t.heartbeat().toEpochMilli() - t.start().toEpochMilli() >= 300;
        });
        assertNotNull(task(later, "long").heartbeat());
        await(e);
    }

    @Test
    void chunkAndFanOutTasksRecordHowFarTheyHaveCome() throws Exception {
        Path csv = Path.of(System.getProperty("braid.jobs.dir")).getParent().resolve("csv").resolve("progress.csv");
        Files.createDirectories(csv.getParent());
        List<String> lines = new ArrayList<>(List.of("id,name"));
        for (int i = 1; i <= 1000; i++) {
            lines.add(i + ",n" + i);
        }
        Files.write(csv, lines, StandardCharsets.UTF_8);
        String table = "progress_" + System.nanoTime();
        deploy("progress-se", """
                name: progress-se
                tasks:
                  - { id: create, type: sql, with: { statement: "CREATE TABLE %s (id INT, name VARCHAR(10))" } }
                  - { id: load, type: csv-import, needs: create, with: { file: "%s", table: %s, chunkSize: 100 } }
                  - { id: fan, type: wait, fanOut: { range: "1..5", parallel: 2 }, with: { duration: 10ms } }
                """.formatted(table, csv.toString().replace('\\', '/'), table));
        long e = await(start("progress-se", Map.of())).getExecutionId();
        assertEquals("COMPLETED", run(e).status(), run(e).toString());
        // progress is written on the gate's thread, just after each chunk and partition
        RunView r = SeBraid.awaitRun(e, v -> task(v, "load").progress() != null && json(task(v, "load").progress()).getInt("read") == 1000
                && task(v, "fan").progress() != null && json(task(v, "fan").progress()).getInt("partitionsEnded") == 5);
        JsonObject load = json(task(r, "load").progress());
        assertEquals(1000, load.getInt("written"), load.toString());
        assertEquals(0, load.getInt("skipped"), load.toString());
        JsonObject fan = json(task(r, "fan").progress());
        assertEquals(0, fan.getInt("failed"), fan.toString());
        assertEquals(5, fan.getInt("partitions"), fan.toString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
