package io.braid.se;

import io.braid.gate.RunGate;
import io.braid.runs.RunView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.awaitRun;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("se")
class CancelTaskTest {
    @Test
    void cancellingOneTaskSkipsItsDependentsAndLetsTheOthersFinish() throws Exception {
        deploy("cancel-se", """
                name: cancel-se
                tasks:
                  - { id: slow, type: wait, with: { duration: 20s } }
                  - { id: after-slow, type: wait, needs: slow, with: { duration: 10ms } }
                  - { id: gatekeeper, type: wait, with: { duration: 1500ms } }
                  - { id: later, type: wait, needs: gatekeeper, with: { duration: 10ms } }
                  - { id: after-later, type: wait, needs: later, with: { duration: 10ms } }
                  - { id: independent, type: wait, needs: gatekeeper, with: { duration: 10ms } }
                """);
        long started = System.nanoTime();
        long exec = start("cancel-se", Map.of());
        awaitRun(exec, r -> "RUNNING".equals(task(r, "slow").status()));
        assertEquals(RunGate.Cancel.CANCELLED, SeBraid.cancel(exec, "later").outcome(), "not started: cancelled at once");
        assertEquals(RunGate.Cancel.STOPPING, SeBraid.cancel(exec, "slow").outcome(), "running: asked to stop");
        await(exec);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        RunView r = run(exec);
        assertEquals("CANCELLED", task(r, "slow").status());
        assertEquals("cancelled by an operator", task(r, "slow").error());
        assertEquals("SKIPPED", task(r, "after-slow").status());
        assertEquals("CANCELLED", task(r, "later").status());
        assertEquals("SKIPPED", task(r, "after-later").status());
        assertEquals("COMPLETED", task(r, "gatekeeper").status());
        assertEquals("COMPLETED", task(r, "independent").status(), "independent tasks go on");
        assertEquals("FAILED", r.status(), "not everything ran");
        assertTrue(tookMs < 15_000, "the 20 s task stopped at once: " + tookMs + " ms");
    }

    @Test
    void aCancelledChunkTaskStopsAtItsNextCheckpointKeepingOnlyCommittedChunks() throws Exception {
        Path csv = Path.of(System.getProperty("braid.jobs.dir")).getParent().resolve("csv").resolve("cancel.csv");
        Files.createDirectories(csv.getParent());
        StringBuilder b = new StringBuilder("id,name\n");
        for (int i = 1; i <= 300_000; i++) {
            b.append(i).append(",n").append(i).append('\n');
        }
        Files.writeString(csv, b);
        String table = "cancel_" + System.nanoTime();
        deploy("cancel-chunk-se", """
                name: cancel-chunk-se
                tasks:
                  - { id: create, type: sql, with: { statement: "CREATE TABLE %s (id INT, name VARCHAR(10))" } }
                  - { id: load, type: csv-import, needs: create, with: { file: "%s", table: %s, chunkSize: 100 } }
                  - { id: after, type: wait, needs: load, with: { duration: 1ms } }
                """.formatted(table, csv.toString().replace('\\', '/'), table));
        long exec = start("cancel-chunk-se", Map.of());
        awaitRun(exec, r -> task(r, "load").progress() != null); // at least one chunk committed
        assertEquals(RunGate.Cancel.STOPPING, SeBraid.cancel(exec, "load").outcome());
        await(exec);
        RunView r = run(exec);
        assertEquals("CANCELLED", task(r, "load").status());
        assertEquals("SKIPPED", task(r, "after").status());
        long rows;
        try (Connection c = SeBraid.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            rows = rs.getLong(1);
        }
        assertTrue(rows > 0 && rows < 300_000, rows + " rows");
        assertEquals(0, rows % 100, "only whole chunks were committed: " + rows);
    }
}
