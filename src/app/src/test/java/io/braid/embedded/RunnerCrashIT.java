package io.braid.embedded;

import io.braid.testing.Checkout;
import io.braid.testing.IdCsv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes of the embedded runner: its JVM is killed ({@code Process.destroyForcibly}, SIGKILL) at several points of a
 * run of csv-imports, one of them fanned out over three files, and each time the run is restarted from a new JVM.
 * In the end every row is there exactly once, and a task that completed before a kill never ran again.
 */
@Tag("runner")
class RunnerCrashIT {
    private static final Path JAR = Checkout.file("src/embedded/target/braid-cli.jar");
    private static final int ONE = 120_000;
    private static final int PART = 40_000;

    @TempDir
    Path tmp;

    @Test
    void killedAtAnyPointARunRestartsFromANewJvmWithEveryRowExactlyOnce() throws Exception {
        long sum = csv("one.csv", 1, ONE) + csv("a.csv", 1_000_001, PART) + csv("b.csv", 2_000_001, PART)
                + csv("c.csv", 3_000_001, PART);
        long total = ONE + 3L * PART;
        Path wf = Files.writeString(tmp.resolve("crash-import.yaml"), """
                name: crash-import
                params:
                  dir: { description: the folder of the CSV files }
                tasks:
                  - { id: create, type: sql, with: { statement: "CREATE TABLE IF NOT EXISTS crash_rows (id INT PRIMARY KEY, name VARCHAR(20))" } }
                  - { id: one, type: csv-import, needs: create, with: { file: "${params.dir}/one.csv", table: crash_rows, chunkSize: 500 } }
                  - id: fan
                    type: csv-import
                    needs: create
                    fanOut: { items: [a.csv, b.csv, c.csv], parallel: 2 }
                    with: { file: "${params.dir}/${item}", table: crash_rows, chunkSize: 250 }
                  - { id: count, type: sql, needs: [one, fan], with: { statement: "SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, SUM(id) AS s FROM crash_rows" } }
                """);
        Path data = tmp.resolve("data");
        String db = RunnerDb.url(data);
        List<String> kills = new ArrayList<>();

        // 1. as soon as the first import is running: before its first chunk, or during it
        Process p = runner("run", wf.toString(), "-p", "dir=" + tmp.toAbsolutePath(), "--data", data.toString());
        awaitRecords(db, p, r -> "RUNNING".equals(r.status("one")));
        kill(p, kills, "one running, at position " + position(db, "one", -1));
        long execution = started();
        // the next command on the data folder finds the dead runner's run and records what happened to it
        Process runs = runner("runs", "--data", data.toString());
        assertTrue(runs.waitFor(2, TimeUnit.MINUTES));
        String listed = Files.readString(logs.get(logs.size() - 1), StandardCharsets.UTF_8);
        assertTrue(listed.contains("FAILED") && !listed.contains("RUNNING"), "reconciled: " + listed);

        // 2. in the middle of the first import, fan-out partitions going too
        p = runner("restart", Long.toString(execution), "--data", data.toString());
        awaitRecords(db, p, r -> position(db, "one", -1) >= ONE / 3);
        kill(p, kills, "one at " + position(db, "one", -1) + ", fan partitions at " + fanPositions(db));
        execution = started();

        // 3. while the fan-out's partitions import again, past where the last kill left them
        List<Long> before = fanPositions(db);
        p = runner("restart", Long.toString(execution), "--data", data.toString());
        awaitRecords(db, p, r -> movedOn(before, fanPositions(db)));
        kill(p, kills, "fan partitions from " + before + " to " + fanPositions(db));
        execution = started();

        // 4. once the third file's partition has begun (the first two may be done)
        p = runner("restart", Long.toString(execution), "--data", data.toString());
        awaitRecords(db, p, r -> fanPositions(db).size() == 3 && fanPositions(db).get(2) > 0);
        kill(p, kills, "one at " + position(db, "one", -1) + ", fan partitions at " + fanPositions(db));
        execution = started();

        // 5. to the end
        p = runner("restart", Long.toString(execution), "--data", data.toString());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the last restart ended");
        String out = Files.readString(logs.get(logs.size() - 1), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "COMPLETED after " + kills + ":\n" + out);
        try (Connection c = RunnerDb.connect(db.replace(";AUTO_SERVER=TRUE", ""));
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT ID), SUM(ID) FROM TASKS.CRASH_ROWS");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(total, rs.getLong(1), "every row, after kills: " + kills);
            assertEquals(total, rs.getLong(2), "no row twice");
            assertEquals(sum, rs.getLong(3), "exactly the rows of the files");
            try (PreparedStatement t = c.prepareStatement("SELECT TASK_ID, STATUS, ATTEMPTS FROM BRAID.TASK_RUN WHERE TASK_ID = 'create'");
                 ResultSet tr = t.executeQuery()) {
                tr.next();
                assertEquals("COMPLETED", tr.getString(2));
                assertEquals(1, tr.getInt(3), "a task that completed before the kills never ran again");
            }
        }
    }

    private long csv(String name, long first, int n) throws Exception {
        return IdCsv.write(tmp.resolve(name), first, n);
    }

    private final List<Path> logs = new ArrayList<>();

    private Process runner(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbraid.files.roots=" + tmp.toAbsolutePath(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve("runner-" + logs.size() + ".log");
        logs.add(log);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void kill(Process p, List<String> kills, String where) throws Exception {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        kills.add(where);
        System.out.println("killed the runner: " + where);
    }

    /** The run's records as seen through the runner's own database server (loopback, while it runs). */
    private record Records(Map<String, String> statuses) {
        String status(String task) {
            return statuses.get(task);
        }
    }

    private void awaitRecords(String db, Process p, Predicate<Records> until) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("the runner ended (exit " + p.exitValue() + ") before the moment to kill it:\n"
                        + Files.readString(logs.get(logs.size() - 1), StandardCharsets.UTF_8));
            }
            // only once the runner holds the database: a reader opening it first would own it, and the runner, starting
            // while the reader lets go, would find it locked
            return started() > 0 && until.test(records(db));
        });
    }

    /** The job execution the latest runner printed it runs, or 0 before it has opened its database. */
    private long started() throws Exception {
        var m = Pattern.compile("job execution (\\d+)")
                .matcher(Files.readString(logs.get(logs.size() - 1), StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Records records(String db) {
        Map<String, String> s = new HashMap<>();
        query(db, "SELECT TASK_ID, STATUS FROM BRAID.TASK_RUN", rs -> s.put(rs.getString(1), rs.getString(2)));
        return new Records(s);
    }

    private static long position(String db, String task, int part) {
        long[] p = {0};
        query(db, "SELECT POSITION FROM BRAID.TASK_PROGRESS WHERE TASK_ID = '" + task + "' AND PART = " + part, rs -> p[0] = rs.getLong(1));
        return p[0];
    }

    private static boolean movedOn(List<Long> before, List<Long> now) {
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) > (i < before.size() ? before.get(i) : 0)) {
                return true;
            }
        }
        return false;
    }

    private static List<Long> fanPositions(String db) {
        List<Long> out = new ArrayList<>();
        query(db, "SELECT POSITION FROM BRAID.TASK_PROGRESS WHERE TASK_ID = 'fan' ORDER BY PART", rs -> out.add(rs.getLong(1)));
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(String db, String sql, Row row) {
        try (Connection c = RunnerDb.connect(db); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            // the database is not open (the runner is starting or was just killed): nothing to see yet
            if (!String.valueOf(e.getMessage()).contains("not found") && e.getErrorCode() != 90020 && e.getErrorCode() != 90067
                    && e.getErrorCode() != 90146 && e.getErrorCode() != 90098) {
                throw new IllegalStateException(e);
            }
        }
    }
}
