package io.braid.se;

import io.braid.runs.RunView;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code type: csv-import} on real CSV files and real H2 tables. */
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
        try (Connection c = CDI.current().select(io.braid.runs.Database.class).get().taskDataSource().getConnection();
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
}
