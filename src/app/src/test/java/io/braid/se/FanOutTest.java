package io.braid.se;

import io.braid.runs.RunView;
import io.braid.runs.TaskTry;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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

/** {@code fanOut}: partitions from an upstream output, literal items and a range; restart of failed partitions. */
@Tag("se")
class FanOutTest {

    private static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = SeBraid.dataSource().getConnection();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = SeBraid.dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void fansOutOverAnUpstreamOutputAndRestartRerunsOnlyTheFailedPartition() throws Exception {
        String t = "fan_" + System.nanoTime();
        execute("CREATE TABLE " + t + "_regions (region VARCHAR(8), amount INT)");
        execute("INSERT INTO " + t + "_regions VALUES ('EU', 10), ('US', 20), ('APAC', -1), ('LATAM', 40)");
        execute("CREATE TABLE " + t + "_report (id IDENTITY, region VARCHAR(8), amount INT CHECK (amount >= 0))");
        deploy("fanout-se", """
                name: fanout-se
                params: { t: %s }
                tasks:
                  - id: regions
                    type: sql
                    with: { statement: "SELECT region FROM %s_regions ORDER BY amount DESC", rows: 100 }
                  - id: per-region
                    type: sql
                    needs: regions
                    fanOut: { from: "${tasks.regions.outputs.rows}", parallel: 2 }
                    with:
                      statement: "INSERT INTO %s_report (region, amount) SELECT region, amount FROM %s_regions WHERE region = ?"
                      args: ["${item.region}"]
                """.formatted(t, t, t, t));
        JobExecution first = await(start("fanout-se", Map.of()));
        assertEquals(BatchStatus.FAILED, first.getBatchStatus());
        RunView failed = run(first.getExecutionId());
        assertEquals("FAILED", task(failed, "per-region").status(), failed.toString());
        assertEquals("4", task(failed, "per-region").outputs().get("partitions"));
        assertEquals(List.of("EU", "LATAM", "US"), rows("SELECT region FROM " + t + "_report ORDER BY region"),
                "the three good partitions wrote their row; APAC violated the check");

        execute("UPDATE " + t + "_regions SET amount = 5 WHERE region = 'APAC'"); // fix the data, restart
        JobExecution second = await(SeBraid.restart(first.getExecutionId(), Map.of()));
        assertEquals(BatchStatus.COMPLETED, second.getBatchStatus());
        assertEquals(List.of("APAC", "EU", "LATAM", "US"), rows("SELECT region FROM " + t + "_report ORDER BY region"),
                "only APAC ran again: no row written twice");
        assertEquals(List.of("APAC"), rows("SELECT region FROM " + t + "_report ORDER BY id DESC LIMIT 1"), "written by the restart");
        RunView done = run(second.getExecutionId());
        assertEquals("[{\"rowCount\":1},{\"rowCount\":1},{\"rowCount\":1},{\"rowCount\":1}]",
                task(done, "per-region").outputs().get("results"), "partition outputs in item order");
        assertEquals("[{\"region\":\"LATAM\"},{\"region\":\"US\"},{\"region\":\"EU\"},{\"region\":\"APAC\"}]",
                task(done, "per-region").outputs().get("items"));
        // the Gantt chart's data: two tries of the task (one per execution), five partition tries (APAC twice)
        assertEquals(List.of("FAILED", "COMPLETED"), task(done, "per-region").tries().stream().map(TaskTry::status).toList());
        List<String> parts = task(done, "per-region").partitions().stream()
                .map(p -> p.partition() + ":" + p.attempt() + ":" + p.status() + ":" + p.item()).sorted().toList();
        assertEquals(List.of("0:1:COMPLETED:{\"region\":\"LATAM\"}", "1:1:COMPLETED:{\"region\":\"US\"}",
                "2:1:COMPLETED:{\"region\":\"EU\"}", "3:1:FAILED:{\"region\":\"APAC\"}", "3:2:COMPLETED:{\"region\":\"APAC\"}"), parts);
        task(done, "per-region").partitions().forEach(p -> assertTrue(p.end() != null && !p.end().isBefore(p.start()), p.toString()));
    }

    @Test
    void literalItemsAndRangesAndAnEmptyList() throws Exception {
        String t = "fanlit_" + System.nanoTime();
        execute("CREATE TABLE " + t + " (kind VARCHAR(8), v VARCHAR(20), idx INT)");
        execute("CREATE TABLE " + t + "_empty (x INT)");
        deploy("fanout-lit-se", """
                name: fanout-lit-se
                params: { months: 12 }
                tasks:
                  - id: words
                    type: sql
                    fanOut: { items: [alpha, beta, "${params.months}"], parallel: 3 }
                    with: { statement: "INSERT INTO %1$s VALUES ('word', ?, ?)", args: ["${item}", "${index}"] }
                  - id: months
                    type: sql
                    fanOut: { range: "1..${params.months}" }
                    with: { statement: "INSERT INTO %1$s VALUES ('month', ?, ?)", args: ["${item}", "${index}"] }
                  - id: nothing
                    type: sql
                    with: { statement: "SELECT x FROM %1$s_empty", rows: 10 }
                  - id: none
                    type: sql
                    needs: nothing
                    fanOut: { from: "${tasks.nothing.outputs.rows}" }
                    with: { statement: "INSERT INTO %1$s VALUES ('none', ?, 0)", args: ["${item.x}"] }
                """.formatted(t));
        RunView r = run(await(start("fanout-lit-se", Map.of("months", "3"))).getExecutionId());
        assertEquals("COMPLETED", r.status(), r.toString());
        assertEquals(List.of("alpha:0", "beta:1", "3:2"), rows("SELECT v || ':' || idx FROM " + t + " WHERE kind = 'word' ORDER BY idx"));
        assertEquals(List.of("1:0", "2:1", "3:2"), rows("SELECT v || ':' || idx FROM " + t + " WHERE kind = 'month' ORDER BY idx"));
        assertEquals(List.of("0"), rows("SELECT COUNT(*) FROM " + t + " WHERE kind = 'none'"));
        assertEquals("0", task(r, "none").outputs().get("partitions"));
        assertEquals("COMPLETED", task(r, "none").status());
    }
}
