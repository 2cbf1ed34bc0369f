package io.braid.se;

import io.braid.db.Database;
import io.braid.runs.RunView;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code type: sql} on real H2 tables, with outputs flowing into later tasks' JDBC parameters. */
@Tag("se")
class SqlTaskTest {
    @Test
    void outputsFlowIntoLaterStatementsAndParametersAreBoundNeverExecuted() throws Exception {
        String table = "customers_" + System.nanoTime();
        String evil = "x'); DROP TABLE " + table + "; --";
        deploy("sql-se", """
                name: sql-se
                params:
                  table: %s
                  region: EU
                  evil: { description: a value an attacker chose }
                tasks:
                  - id: create
                    type: sql
                    with: { statement: "CREATE TABLE %s (id INT PRIMARY KEY, name VARCHAR(200), region VARCHAR(8), note VARCHAR(200))" }
                  - id: seed
                    type: sql
                    needs: create
                    with:
                      statement: "INSERT INTO %s (id, name, region) VALUES (1, 'Ada', 'EU'), (2, 'Bob', 'US'), (3, ?, 'EU')"
                      args: ["${params.evil}"]
                  - id: pick
                    type: sql
                    needs: seed
                    with:
                      statement: "SELECT id, name FROM %s WHERE region = ? ORDER BY id"
                      args: ["${params.region}"]
                      rows: 5
                  - id: mark
                    type: sql
                    needs: pick
                    with:
                      statement: "UPDATE %s SET note = ? WHERE id = ?"
                      args: ["picked ${tasks.pick.outputs.name} of ${tasks.pick.outputs.rowCount}", "${tasks.pick.outputs.id}"]
                  - id: check
                    type: sql
                    needs: mark
                    with: { statement: "SELECT note, (SELECT COUNT(*) FROM %s) AS total, (SELECT name FROM %s WHERE id = 3) AS stored FROM %s WHERE id = 1" }
                """.formatted(table, table, table, table, table, table, table, table));
        RunView r = run(await(start("sql-se", Map.of("evil", evil))).getExecutionId());
        assertEquals("COMPLETED", r.status(), r.toString());
        assertEquals("3", task(r, "seed").outputs().get("rowCount"));
        Map<String, String> pick = task(r, "pick").outputs();
        assertEquals("1", pick.get("id"));
        assertEquals("\"Ada\"", pick.get("name"));
        assertEquals("2", pick.get("rowCount"));
        assertTrue(pick.get("rows").startsWith("[{\"id\":1,\"name\":\"Ada\"},{\"id\":3,"), pick.get("rows"));
        assertEquals("1", task(r, "mark").outputs().get("rowCount"));
        Map<String, String> check = task(r, "check").outputs();
        assertEquals("\"picked Ada of 2\"", check.get("note"), "outputs reached the JDBC parameters");
        assertEquals("3", check.get("total"), "the table is still there with all rows");
        assertEquals(Json.quote(evil), check.get("stored"), "the attacker's value was stored as data");
    }

    @Test
    void aMissingOutputFailsTheTaskWithAClearMessage() throws Exception {
        deploy("sql-missing-se", """
                name: sql-missing-se
                tasks:
                  - { id: one, type: sql, with: { statement: "SELECT 1 AS x" } }
                  - { id: two, type: sql, needs: one, with: { statement: "SELECT ? AS y", args: ["${tasks.one.outputs.nope}"] } }
                """);
        RunView r = run(await(start("sql-missing-se", Map.of())).getExecutionId());
        assertEquals(BatchStatus.FAILED.name(), r.status());
        assertEquals("FAILED", task(r, "two").status());
        assertTrue(task(r, "two").error().contains("tasks[two].with.args[0]: ${tasks.one.outputs.nope}: task 'one' has no output 'nope'"),
                task(r, "two").error());
    }

    @Test
    void aChunkTaskRunsTheApplicationsReaderProcessorAndWriter() throws Exception {
        String table = "squares_" + System.nanoTime();
        deploy("chunk-se", """
                name: chunk-se
                params: { count: 250 }
                tasks:
                  - { id: create, type: sql, with: { statement: "CREATE TABLE %s (N BIGINT)" } }
                  - id: squares
                    type: chunk
                    needs: create
                    with:
                      reader: numbersReader
                      reader.count: "${params.count}"
                      processor: squareProcessor
                      writer: numbersWriter
                      writer.table: %s
                      itemCount: 100
                  - { id: total, type: sql, needs: squares, with: { statement: "SELECT SUM(N) AS s, COUNT(*) AS c FROM %s" } }
                """.formatted(table, table, table));
        RunView r = run(await(start("chunk-se", Map.of("count", "300"))).getExecutionId());
        assertEquals("COMPLETED", r.status(), r.toString());
        assertEquals("300", task(r, "total").outputs().get("c"), "the job parameter overrode the default");
        assertEquals(Long.toString(300L * 301 * 601 / 6), task(r, "total").outputs().get("s"), "sum of squares 1..300");
    }

    /** JSON text of a string, as the run records keep it. */
    private static final class Json {
        static String quote(String s) {
            return jakarta.json.Json.createValue(s).toString();
        }
    }

    // the application's own chunk artifacts that the chunk test runs (CDI finds them as nested classes too)

    /** Test application reader for {@code type: chunk}: the numbers 1..count, restartable from its checkpoint. */
    @Named("numbersReader")
    @Dependent
    public static class NumbersReader extends AbstractItemReader {
        @Inject
        @BatchProperty
        String count;
        private long next;

        @Override
        public void open(Serializable checkpoint) {
            next = checkpoint == null ? 1 : (Long) checkpoint;
        }

        @Override
        public Object readItem() {
            return next <= Long.parseLong(count) ? next++ : null;
        }

        @Override
        public Serializable checkpointInfo() {
            return next;
        }
    }

    /** Test application processor for {@code type: chunk}. */
    @Named("squareProcessor")
    @Dependent
    public static class SquareProcessor implements ItemProcessor {
        @Override
        public Object processItem(Object item) {
            long n = (Long) item;
            return n * n;
        }
    }

    /** Test application writer for {@code type: chunk}: inserts each item into {@code table} (column N). */
    @Named("numbersWriter")
    @Dependent
    public static class NumbersWriter extends AbstractItemWriter {
        @Inject
        @BatchProperty
        String table;
        @Inject
        Database database;

        @Override
        public void writeItems(List<Object> items) throws Exception {
            try (Connection c = database.taskDataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (N) VALUES (?)")) {
                for (Object o : items) {
                    ps.setLong(1, (Long) o);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
