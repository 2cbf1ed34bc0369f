package io.braid.parse;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.Priority;
import io.braid.model.RateLimit;
import io.braid.model.Workflow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class WorkflowParserTest {
    private final WorkflowParser parser = new WorkflowParser();

    @Test
    void parsesAValidWorkflowWithDefaults() throws Exception {
        Workflow wf = parser.parse("ok.yaml", """
                name: ok
                params:
                  region: EU
                  day: { description: business day }
                tasks:
                  - { id: a, type: wait, retry: { maxRetries: 2, delay: 2s }, with: { duration: 250ms } }
                  - id: b
                    type: batchlet
                    needs: a
                    priority: high
                    timeout: 1m30s
                    with: { ref: myBatchlet, region: "${params.region}", day: "${params.day}" }
                """);
        assertEquals("ok", wf.name());
        assertEquals(10, wf.maxParallel());
        assertEquals(List.of("a"), wf.task("b").orElseThrow().needs());
        assertEquals(Priority.HIGH, wf.task("b").orElseThrow().priority());
        assertEquals(Duration.ofSeconds(90), wf.task("b").orElseThrow().timeout().orElseThrow());
        assertEquals(2, wf.task("a").orElseThrow().retry().maxRetries());
        assertTrue(wf.param("day").orElseThrow().required());
        assertEquals("EU", wf.param("region").orElseThrow().defaultValue().orElseThrow());
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineColumnAndField() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("bad.yaml", """
                name: bad
                maxParalel: 3
                tasks:
                  - id: load
                    type: wait
                    with: { duration: 2 seconds }
                  - id: load
                    type: wait
                    with: { duration: 1s }
                  - id: 9lives
                    type: wiat
                  - id: report
                    type: wait
                    needs: [lod]
                    with: { duration: 1s, color: red }
                  - id: clean
                    type: batchlet
                    nedds: load
                    with: { ref: "${params.missing}" }
                """));
        List<Problem> ps = e.problems();
        assertHas(ps, 2, "maxParalel", "unknown key (did you mean 'maxParallel'?)");
        assertHas(ps, 6, "tasks[load].with.duration", "'2 seconds' is not a duration");
        assertHas(ps, 7, "tasks[load].id", "duplicate id (first used at line 4)");
        assertHas(ps, 10, "tasks[9lives].id", "must start with a letter");
        assertHas(ps, 11, "tasks[9lives].type", "unknown type 'wiat' (did you mean 'wait'?)");
        assertHas(ps, 14, "tasks[report].needs", "unknown task 'lod' (did you mean 'load'?)");
        assertHas(ps, 15, "tasks[report].with.color", "unknown setting for type 'wait'");
        assertHas(ps, 18, "tasks[clean].nedds", "unknown key (did you mean 'needs'?)");
        assertHas(ps, 19, "tasks[clean].with.ref", "unknown parameter 'missing'");
        assertTrue(ps.stream().allMatch(p -> p.file().equals("bad.yaml")));
        assertTrue(e.getMessage().contains("bad.yaml:14:"), e.getMessage());
    }

    @Test
    void parsesGroupsRatesAndLocks() throws Exception {
        Workflow wf = parser.parse("res.yaml", """
                name: res
                groups:
                  api: { maxConcurrent: 3, rate: 10/1m }
                  slow: { ratePerSecond: 0.5 }
                  shared-db: ~
                tasks:
                  - { id: a, type: wait, group: api, locks: [customer-table], with: { duration: 1s } }
                  - id: b
                    type: wait
                    group: shared-db
                    locks: [{ name: customer-table, mode: shared }, audit]
                    with: { duration: 1s }
                """);
        GroupSpec api = wf.groups().get("api");
        assertEquals(3, api.maxConcurrent());
        assertEquals(new RateLimit(10, Duration.ofMinutes(1)), api.rate().orElseThrow());
        assertEquals(new RateLimit(1, Duration.ofSeconds(2)), wf.groups().get("slow").rate().orElseThrow());
        assertEquals(GroupSpec.unlimited("shared-db"), wf.groups().get("shared-db"));
        assertEquals(List.of(new LockRef("customer-table", LockRef.Mode.EXCLUSIVE)), wf.task("a").orElseThrow().locks());
        assertEquals(List.of(new LockRef("customer-table", LockRef.Mode.SHARED), new LockRef("audit", LockRef.Mode.EXCLUSIVE)),
                wf.task("b").orElseThrow().locks());
        assertEquals("shared-db", wf.task("b").orElseThrow().group().orElseThrow());
    }

    @Test
    void reportsBadGroupsAndLocksWithLineAndField() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("res.yaml", """
                name: res
                groups:
                  api: { maxConcurrent: 0, rate: 10 per minute }
                  db: { rate: 1/s, ratePerSecond: 2 }
                  "bad name": ~
                tasks:
                  - { id: a, type: wait, group: apj, with: { duration: 1s } }
                  - { id: b, type: wait, locks: [x, x], with: { duration: 1s } }
                  - { id: c, type: wait, locks: [{ name: y, mode: read }], with: { duration: 1s } }
                """));
        List<Problem> ps = e.problems();
        assertHas(ps, 3, "groups.api.maxConcurrent", "0 is out of range 1..100000");
        assertHas(ps, 3, "groups.api.rate", "'10 per minute' is not a rate");
        assertHas(ps, 4, "groups.db.ratePerSecond", "either 'rate' or 'ratePerSecond', not both");
        assertHas(ps, 5, "groups.bad name", "group names use letters");
        assertHas(ps, 7, "tasks[a].group", "unknown group 'apj' (did you mean 'api'?)");
        assertHas(ps, 8, "tasks[b].locks", "'x' is listed twice");
        assertHas(ps, 9, "tasks[c].locks.mode", "'read' is not one of [exclusive, shared]");
    }

    @Test
    void secretParametersAreMarkedAndABadFlagIsReported() throws Exception {
        Workflow wf = parser.parse("secret.yaml", """
                name: secret
                params:
                  token: { secret: true }
                  region: EU
                tasks:
                  - { id: a, type: wait, with: { duration: 1s } }
                """);
        assertTrue(wf.param("token").orElseThrow().secret());
        assertTrue(wf.param("token").orElseThrow().required());
        assertFalse(wf.param("region").orElseThrow().secret());
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("secret.yaml", """
                name: secret
                params:
                  token: { secret: yes please }
                tasks:
                  - { id: a, type: wait, with: { duration: 1s } }
                """));
        assertHas(e.problems(), 3, "params.token.secret", "'yes please' is not true or false");
    }

    @Test
    void outputReferencesMustPointAtTransitiveNeeds() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("refs.yaml", """
                name: refs
                tasks:
                  - { id: a, type: sql, with: { statement: "SELECT 1 AS id" } }
                  - { id: b, type: sql, needs: a, with: { statement: "SELECT ?", args: ["${tasks.a.outputs.id}"] } }
                  - { id: c, type: sql, needs: b, with: { statement: "SELECT ?", args: ["${tasks.a.outputs.id}"] } }
                  - { id: d, type: sql, with: { statement: "SELECT ?", args: [ok, "${tasks.b.outputs.id}"] } }
                  - { id: e, type: sql, needs: a, with: { statement: "SELECT ?", args: ["${tasks.zz.outputs.id}"] } }
                  - { id: f, type: sql, with: { statement: "SELECT * FROM t WHERE x = '${params.p}'" } }
                  - { id: g, type: batchlet, needs: a, with: { ref: mine, value: "${tasks.a.outputs.id}" } }
                """));
        List<Problem> ps = e.problems();
        assertHas(ps, 6, "tasks[d].with.args[1]", "task 'd' reads an output of 'b', which is not among its needs");
        assertHas(ps, 7, "tasks[e].with.args[0]", "unknown task 'zz'");
        assertHas(ps, 8, "tasks[f].with.statement", "values are bound as JDBC parameters");
        assertHas(ps, 9, "tasks[g].with.value", "type 'batchlet' passes settings to your artifact as batch properties");
        assertEquals(5, ps.size(), "b and c (through b) may read a's outputs: " + ps);
    }

    @Test
    void retryPoliciesAreCheckedAndOnlyWhereBraidCanRetry() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("retry.yaml", """
                name: retry
                tasks:
                  - { id: a, type: sql, retry: { maxRetries: 2, delay: 2s, maxDelay: 1s, retryOn: [not a class] }, with: { statement: "SELECT 1" } }
                  - { id: b, type: batchlet, retry: 3, with: { ref: mine } }
                  - { id: c, type: http, retry: { maxRetries: 101 }, with: { url: "http://x" } }
                """));
        List<Problem> ps = e.problems();
        assertHas(ps, 3, "tasks[a].retry.maxDelay", "must not be shorter than delay");
        assertHas(ps, 3, "tasks[a].retry.retryOn", "'not a class' is not a class name");
        assertHas(ps, 4, "tasks[b].retry", "type 'batchlet' runs your own code");
        assertHas(ps, 5, "tasks[c].retry.maxRetries", "101 is out of range 0..100");
    }

    @Test
    void reportsCyclesWithTheirPath() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("cycle.yaml", """
                name: cycle
                tasks:
                  - { id: a, type: wait, needs: c, with: { duration: 1s } }
                  - { id: b, type: wait, needs: a, with: { duration: 1s } }
                  - { id: c, type: wait, needs: b, with: { duration: 1s } }
                  - { id: d, type: wait, needs: d, with: { duration: 1s } }
                """));
        assertHas(e.problems(), 3, "tasks[a].needs", "dependency cycle: a → b → c → a");
        assertHas(e.problems(), 6, "tasks[d].needs", "a task cannot need itself");
    }

    @Test
    void reportsMissingRequiredFields() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("missing.yaml", """
                description: no name
                tasks:
                  - type: wait
                  - id: w
                    type: wait
                  - id: b
                    type: batchlet
                    priority: urgent
                """));
        assertHas(e.problems(), 1, "name", "required");
        assertHas(e.problems(), 3, "tasks[0].id", "required");
        assertHas(e.problems(), 4, "tasks[w].with.duration", "required for type 'wait'");
        assertHas(e.problems(), 6, "tasks[b].with.ref", "required for type 'batchlet'");
        assertHas(e.problems(), 8, "tasks[b].priority", "'urgent' is not one of");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("syntax.yaml", """
                name: s
                tasks:
                  - { id: a, type: wait
                  - id: b
                """));
        assertEquals(1, e.problems().size());
        Problem p = e.problems().get(0);
        assertEquals("(yaml)", p.field());
        assertTrue(p.line() >= 3, p.toString());
    }

    @Test
    void refusesAliasBombs() {
        StringBuilder yaml = new StringBuilder("name: bomb\na: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i > 0 ? ", " : "").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = c;
        }
        yaml.append("tasks: []\n");
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("bomb.yaml", yaml.toString()));
        assertTrue(e.problems().get(0).message().toLowerCase().contains("alias"), e.getMessage());
    }

    @Test
    void refusesHugeDocuments() {
        String huge = "name: huge\ndescription: \"" + "x".repeat(WorkflowParser.MAX_DOCUMENT_CODE_POINTS) + "\"\n";
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("huge.yaml", huge));
        assertEquals("(yaml)", e.problems().get(0).field());
    }

    @Test
    void rejectsExpressionsOtherThanParams() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse("expr.yaml", """
                name: expr
                tasks:
                  - { id: a, type: batchlet, with: { ref: x, v: "${env.HOME}" } }
                """));
        assertHas(e.problems(), 3, "tasks[a].with.v", "unknown expression '${env.HOME}'");
    }

    private static void assertHas(List<Problem> problems, int line, String field, String messagePart) {
        assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.field().equals(field) && p.message().contains(messagePart)),
                "expected line " + line + " " + field + ": …" + messagePart + "… in\n" + String.join("\n",
                        problems.stream().map(Problem::toString).toList()));
    }
}
