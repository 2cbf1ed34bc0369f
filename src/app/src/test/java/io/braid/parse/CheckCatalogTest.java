package io.braid.parse;

import io.braid.compile.BuildTimeCompiler;
import io.braid.testing.Checkout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every check of the parser is triggered by an example, and docs/workflow-format.md lists exactly these checks. */
@Tag("unit")
class CheckCatalogTest {
    private static final Path DOC = Checkout.file("docs/workflow-format.md");
    private static final String BEGIN = "<!-- checks:begin -->\n";
    private static final String END = "<!-- checks:end -->";
    private static final String TASK = "tasks:\n  - { id: t, type: wait, with: { duration: 1s } }\n";
    private static final Map<Check, String> EXAMPLES = new EnumMap<>(Check.class);

    static {
        EXAMPLES.put(Check.YAML_SYNTAX, "name: [unclosed\n");
        EXAMPLES.put(Check.EMPTY, "");
        StringBuilder bomb = new StringBuilder("name: bomb\na: &a [x]\nb: [");
        for (int i = 0; i < 60; i++) {
            bomb.append(i == 0 ? "" : ", ").append("*a");
        }
        EXAMPLES.put(Check.LIMITS, bomb.append("]\n").append(TASK).toString());
        EXAMPLES.put(Check.NOT_A_MAPPING, "- a\n- b\n");
        EXAMPLES.put(Check.DUPLICATE_KEY, "name: a\nname: b\n" + TASK);
        EXAMPLES.put(Check.UNKNOWN_KEY, "name: a\nnaem: x\n" + TASK);
        EXAMPLES.put(Check.WRONG_SHAPE, "name: [a]\n" + TASK);
        EXAMPLES.put(Check.REQUIRED, TASK);
        EXAMPLES.put(Check.NAME, "name: 9bad\n" + TASK);
        EXAMPLES.put(Check.WHOLE_NUMBER, "name: a\nmaxParallel: many\n" + TASK);
        EXAMPLES.put(Check.FLAG, "name: a\nfailFast: yes\n" + TASK);
        EXAMPLES.put(Check.TASK_LIST, "name: a\ntasks: []\n");
        EXAMPLES.put(Check.PARAM_NAME, "name: a\nparams: { 9x: 1 }\n" + TASK);
        EXAMPLES.put(Check.PARAM_DEFAULT, "name: a\nparams: { x: \"a;b\" }\n" + TASK);
        EXAMPLES.put(Check.GROUP_NAME, "name: a\ngroups: { \"bad name\": ~ }\n" + TASK);
        EXAMPLES.put(Check.RATE, "name: a\ngroups: { g: { rate: often } }\n" + TASK);
        EXAMPLES.put(Check.TASK_ID, "name: a\ntasks:\n  - { id: 9t, type: wait, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.UNKNOWN_TYPE, "name: a\ntasks:\n  - { id: t, type: wiat }\n");
        EXAMPLES.put(Check.NEEDS, "name: a\ntasks:\n  - { id: t, type: wait, needs: nope, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.CYCLE, "name: a\ntasks:\n  - { id: x, type: wait, needs: y, with: { duration: 1s } }\n"
                + "  - { id: y, type: wait, needs: x, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.PRIORITY, "name: a\ntasks:\n  - { id: t, type: wait, priority: urgent, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.UNKNOWN_GROUP, "name: a\ntasks:\n  - { id: t, type: wait, group: nope, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.LOCK, "name: a\ntasks:\n  - { id: t, type: wait, locks: [{ name: x, mode: sometimes }], with: { duration: 1s } }\n");
        EXAMPLES.put(Check.DURATION, "name: a\ntasks:\n  - { id: t, type: wait, timeout: soon, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.RETRY, "name: a\ntasks:\n  - { id: t, type: wait, retry: { maxRetries: 1, delay: 2s, maxDelay: 1s }, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.FAN_OUT, "name: a\ntasks:\n  - { id: t, type: wait, fanOut: { items: [a], range: \"1..2\" }, with: { duration: 1s } }\n");
        EXAMPLES.put(Check.UNKNOWN_SETTING, "name: a\ntasks:\n  - { id: t, type: wait, with: { duration: 1s, color: red } }\n");
        EXAMPLES.put(Check.MISSING_SETTING, "name: a\ntasks:\n  - { id: t, type: wait }\n");
        EXAMPLES.put(Check.SETTING_VALUE, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: SELECT 1, rows: 99999999 } }\n");
        EXAMPLES.put(Check.LITERAL_SETTING, "name: a\nparams: { x: y }\ntasks:\n  - { id: t, type: sql, with: { statement: \"SELECT '${params.x}'\" } }\n");
        EXAMPLES.put(Check.JSL_SUBSTITUTION, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: \"SELECT '#{jobParameters['x']}'\" } }\n");
        EXAMPLES.put(Check.TYPE_CHECK, "name: a\ntasks:\n  - { id: t, type: chunk, with: { reader: r, writer: w, processor.x: 1 } }\n");
        EXAMPLES.put(Check.UNKNOWN_EXPRESSION, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: SELECT ?, args: [\"${env.HOME}\"] } }\n");
        EXAMPLES.put(Check.UNKNOWN_PARAM, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: SELECT ?, args: [\"${params.nope}\"] } }\n");
        EXAMPLES.put(Check.OUTPUT_TASK, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: SELECT ?, args: [\"${tasks.zz.outputs.x}\"] } }\n");
        EXAMPLES.put(Check.ITEM, "name: a\ntasks:\n  - { id: t, type: sql, with: { statement: SELECT ?, args: [\"${item}\"] } }\n");
    }

    @ParameterizedTest
    @EnumSource(value = Check.class, mode = EnumSource.Mode.EXCLUDE, names = "WORKFLOW_NAME")
    void everyCheckHasAnExampleThatTriggersIt(Check check) {
        String yaml = EXAMPLES.get(check);
        assertTrue(yaml != null, "no example for " + check);
        WorkflowException e = assertThrows(WorkflowException.class, () -> new WorkflowParser().parse("example.yaml", yaml));
        assertTrue(e.problems().stream().anyMatch(p -> p.check() == check), check + " not reported:\n" + e.getMessage());
    }

    @Test
    void twoWorkflowsOfOneBuildMayNotShareAName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: same\n" + TASK);
        Files.writeString(dir.resolve("b.yaml"), "name: same\n" + TASK);
        WorkflowException e = assertThrows(WorkflowException.class,
                () -> BuildTimeCompiler.compileAll(dir, dir.resolve("jobs"), dir.resolve("catalog")));
        assertTrue(e.getMessage().contains("is also used by a.yaml"), e.getMessage());
    }

    /** The example of the format reference's "Validation" section prints exactly what the parser reports. */
    @Test
    void theFormatReferencesExampleOutputIsTheParsers() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int section = doc.indexOf("### Example\n");
        int yamlStart = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = doc.substring(yamlStart, doc.indexOf("```", yamlStart));
        String marker = "Output:\n\n```\n";
        int outStart = doc.indexOf(marker, yamlStart) + marker.length();
        int outEnd = doc.indexOf("```", outStart);
        WorkflowException e = assertThrows(WorkflowException.class, () -> new WorkflowParser().parse("nightly-etl.yaml", yaml));
        String generated = e.getMessage() + "\n";
        if (Boolean.getBoolean("braid.docs.update")) {
            doc = doc.substring(0, outStart) + generated + doc.substring(outEnd);
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
            outEnd = doc.indexOf("```", outStart);
        }
        assertEquals(generated, doc.substring(outStart, outEnd),
                "regenerate with: mvn test -Dtest=CheckCatalogTest -Dbraid.docs.update=true");
    }

    /** Regenerate with -Dbraid.docs.update=true after adding a check, then review the diff. */
    @Test
    void theFormatReferenceListsExactlyTheParsersChecks() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/workflow-format.md has the markers " + BEGIN.trim() + " … " + END);
        String generated = Check.markdown();
        if (Boolean.getBoolean("braid.docs.update")) {
            doc = doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end);
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
            end = doc.indexOf(END);
        }
        assertEquals(generated, doc.substring(begin + BEGIN.length(), end),
                "regenerate with: mvn test -Dtest=CheckCatalogTest -Dbraid.docs.update=true");
    }
}
