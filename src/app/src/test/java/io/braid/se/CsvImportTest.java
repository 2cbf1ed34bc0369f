package io.braid.se;

import io.braid.db.Database;
import io.braid.runs.RunView;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code type: csv-import} on real CSV files and real H2 tables. */
@Tag("se")
class CsvImportTest {
    private static final Path DIR = Path.of(System.getProperty("braid.jobs.dir")).getParent().resolve("csv");

    private static Path csv(String name, List<String> lines) throws Exception {
        Files.createDirectories(DIR);
        Path p = DIR.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private static List<String> customers(int n) {
        List<String> lines = new ArrayList<>();
        lines.add("id,name,city");
        for (int i = 1; i <= n; i++) {
            lines.add(i + ",\"Customer " + i + ", Ltd\"," + (i % 2 == 0 ? "Oslo" : "Lyon"));
        }
        return lines;
    }

    private static long query(String sql) throws Exception {
        try (Connection c = CDI.current().select(Database.class).get().taskDataSource().getConnection();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String workflow(String name, String table, Path file, int chunk, int skipLimit) {
        return """
                name: %s
                tasks:
                  - id: create
                    type: sql
                    with: { statement: "CREATE TABLE %s (id INT PRIMARY KEY, name VARCHAR(100), city VARCHAR(20))" }
                  - id: load
                    type: csv-import
                    needs: create
                    with: { file: "%s", table: %s, chunkSize: %d, skipLimit: %d }
                """.formatted(name, table, file.toString().replace("\\", "/"), table, chunk, skipLimit);
    }

    @Test
    void aFailureAtLine7000RestartsFromTheLastCheckpointWithNoRowLostOrRepeated() throws Exception {
        String table = "import_" + System.nanoTime();
        List<String> lines = customers(10_000);
        String good = lines.get(6999); // line 7,000 of the file
        lines.set(6999, "oops," + good.substring(good.indexOf(',') + 1)); // not a number: the insert fails
        Path file = csv(table + ".csv", lines);
        deploy("csv-restart-se", workflow("csv-restart-se", table, file, 500, 0));
        JobExecution first = await(start("csv-restart-se", Map.of()));
        assertEquals(BatchStatus.FAILED, first.getBatchStatus());
        RunView failed = run(first.getExecutionId());
        assertTrue(task(failed, "load").error().contains("lines 6502..7001"), task(failed, "load").error());
        assertEquals(6_500, query("SELECT COUNT(*) FROM " + table), "13 chunks of 500 committed, the 14th rolled back");

        lines.set(6999, good); // the operator fixes the file
        Files.write(file, lines, StandardCharsets.UTF_8);
        JobExecution second = await(SeBraid.restart(first.getExecutionId(), Map.of()));
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(10_000, query("SELECT COUNT(*) FROM " + table));
        assertEquals(10_000, query("SELECT COUNT(DISTINCT id) FROM " + table));
        assertEquals(50_005_000, query("SELECT SUM(id) FROM " + table), "ids 1..10,000 exactly");
        RunView done = run(second.getExecutionId());
        assertEquals("10000", task(done, "load").outputs().get("rows"));
        assertEquals("0", task(done, "load").outputs().get("skipped"));
    }

    @Test
    void badLinesAreSkippedUpToTheLimitEachRecordedWithLineAndReason() throws Exception {
        String table = "skips_" + System.nanoTime();
        List<String> lines = customers(1_000);
        for (int line : new int[]{10, 500, 999}) {
            lines.set(line - 1, line + ",missing city");
        }
        Path file = csv(table + ".csv", lines);
        deploy("csv-skip-se", workflow("csv-skip-se", table, file, 100, 5));
        JobExecution e = await(start("csv-skip-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        assertEquals(997, query("SELECT COUNT(*) FROM " + table));
        Map<String, String> out = task(run(e.getExecutionId()), "load").outputs();
        assertEquals("997", out.get("rows"));
        assertEquals("3", out.get("skipped"));
        assertEquals("[{\"line\":10,\"reason\":\"expected 3 fields, found 2\"},{\"line\":500,\"reason\":\"expected 3 fields, found 2\"},"
                + "{\"line\":999,\"reason\":\"expected 3 fields, found 2\"}]", out.get("skippedLines"));
    }

    @Test
    void moreBadLinesThanTheSkipLimitFailTheTask() throws Exception {
        String table = "overlimit_" + System.nanoTime();
        List<String> lines = customers(100);
        for (int line = 5; line <= 8; line++) {
            lines.set(line - 1, "broken");
        }
        deploy("csv-limit-se", workflow("csv-limit-se", table, csv(table + ".csv", lines), 50, 3));
        JobExecution e = await(start("csv-limit-se", Map.of()));
        assertEquals(BatchStatus.FAILED, e.getBatchStatus());
        assertEquals("FAILED", task(run(e.getExecutionId()), "load").status());
    }

    /** A parameter cannot turn a file setting into a resource of the application: classpath: is the author's only. */
    @Test
    void aParameterCannotNameAClassPathResource() throws Exception {
        String table = "cp_" + System.nanoTime();
        deploy("csv-cp-se", """
                name: csv-cp-se
                params:
                  f: { description: the file }
                tasks:
                  - { id: create, type: sql, with: { statement: "CREATE TABLE %s (a VARCHAR(4000))" } }
                  - { id: load, type: csv-import, needs: create, with: { file: "${params.f}", table: %s } }
                """.formatted(table, table));
        JobExecution e = await(start("csv-cp-se", Map.of("f", "classpath:META-INF/persistence.xml")));
        assertEquals(BatchStatus.FAILED, e.getBatchStatus());
        String error = task(run(e.getExecutionId()), "load").error();
        assertTrue(error.contains("classpath: files are named in the workflow itself"), error);
        assertFalse(error.contains("<?xml") || error.contains("persistence"), "nothing of the resource shows: " + error);
        assertEquals(0, query("SELECT COUNT(*) FROM " + table), "no row");
    }

    /** Lines "id,name,city" for ids from first on. */
    private static List<String> rows(int first, int n) {
        List<String> lines = new ArrayList<>();
        lines.add("id,name,city");
        for (int i = first; i < first + n; i++) {
            lines.add(i + ",Customer " + i + ",Oslo");
        }
        return lines;
    }

    private static String fanOutWorkflow(String name, String table) {
        return """
                name: %s
                tasks:
                  - id: create
                    type: sql
                    with: { statement: "CREATE TABLE %s (id INT PRIMARY KEY, name VARCHAR(100), city VARCHAR(20))" }
                  - id: load
                    type: csv-import
                    needs: create
                    fanOut: { items: [%s-a.csv, %s-b.csv], parallel: 1 }
                    with: { file: "%s/${item}", table: %s, chunkSize: 40, skipLimit: 1 }
                """.formatted(name, table, table, table, DIR.toAbsolutePath().toString().replace("\\", "/"), table);
    }

    @Test
    void aFannedOutImportLoadsEveryFileOfItsPartitionsOnce() throws Exception {
        String table = "fan_" + System.nanoTime();
        csv(table + "-a.csv", rows(1, 100));
        csv(table + "-b.csv", rows(1_001, 150));
        deploy("csv-fan-se", fanOutWorkflow("csv-fan-se", table));
        JobExecution e = await(start("csv-fan-se", Map.of()));
        assertEquals(BatchStatus.COMPLETED, e.getBatchStatus());
        assertEquals(250, query("SELECT COUNT(*) FROM " + table), "one partition read one file: 100 + 150 rows");
        assertEquals(100 * 101 / 2 + (1_001 + 1_150) * 150 / 2, query("SELECT SUM(id) FROM " + table));
        String results = task(run(e.getExecutionId()), "load").outputs().get("results");
        assertTrue(results.contains("\"rows\":100") && results.contains("\"rows\":150"), "each partition's own count: " + results);
    }

    @Test
    void aFannedOutImportRestartedAfterOnePartitionFailedKeepsEachPartitionsProgressAndSkips() throws Exception {
        String table = "fanfail_" + System.nanoTime();
        List<String> a = rows(1, 100);
        a.set(30, "31,only two fields"); // line 31 of a: skipped (skipLimit 1), in a's partition only
        csv(table + "-a.csv", a);
        List<String> b = rows(1_001, 150);
        String good = b.get(120);
        b.set(120, "x" + good); // line 121 of b: not a number, its third chunk of 40 fails
        Path bFile = csv(table + "-b.csv", b);
        deploy("csv-fanfail-se", fanOutWorkflow("csv-fanfail-se", table));
        JobExecution first = await(start("csv-fanfail-se", Map.of()));
        assertEquals(BatchStatus.FAILED, first.getBatchStatus());
        assertEquals(99 + 80, query("SELECT COUNT(*) FROM " + table), "all of a but its bad line, b's first two chunks");

        b.set(120, good);
        Files.write(bFile, b, StandardCharsets.UTF_8);
        JobExecution second = await(SeBraid.restart(first.getExecutionId(), Map.of()));
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(249, query("SELECT COUNT(*) FROM " + table), "b continued at its own line 82; a did not run again");
        assertEquals(249, query("SELECT COUNT(DISTINCT id) FROM " + table));
        var load = task(run(second.getExecutionId()), "load");
        assertEquals(1, load.partitions().stream().filter(t -> t.partition() == 0).count(), "a's partition ran once: " + load.partitions());
        assertEquals(2, load.partitions().stream().filter(t -> t.partition() == 1).count(), "b's ran twice: " + load.partitions());
        String results = load.outputs().get("results");
        assertTrue(results.contains("\"rows\":99,\"skipped\":1") && results.contains("\"rows\":150,\"skipped\":0"),
                "each partition its own rows and skips: " + results);
    }
}
