package io.braid.compile;

import io.braid.parse.WorkflowException;
import io.braid.types.TaskTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class BuildTimeCompilerTest {
    private static void compileInto(Path src, Path classes) throws Exception {
        new BuildTimeCompiler(TaskTypes.standard(), src.getParent())
                .compile(src, classes.resolve(BuildTimeCompiler.JOBS), classes.resolve(BuildTimeCompiler.CATALOG));
    }

    @Test
    void writesJobXmlAndCatalogForEveryWorkflow(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("workflows"));
        Files.writeString(src.resolve("one.yaml"), "name: one\ntasks:\n  - { id: a, type: wait, with: { duration: 1s } }\n");
        Files.writeString(src.resolve("two.yml"), "name: two\ntasks:\n  - { id: b, type: wait, with: { duration: 1s } }\n");
        Path classes = tmp.resolve("classes");
        compileInto(src, classes);
        assertTrue(Files.readString(classes.resolve("META-INF/batch-jobs/one.xml")).contains("<job "));
        assertTrue(Files.exists(classes.resolve("META-INF/batch-jobs/two.xml")));
        assertEquals("one\ntwo\n", Files.readString(classes.resolve("META-INF/braid/workflows/index")));
    }

    @Test
    void anInvalidWorkflowFailsTheBuildWithAllProblemsAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("workflows"));
        Files.writeString(src.resolve("good.yaml"), "name: good\ntasks:\n  - { id: a, type: wait, with: { duration: 1s } }\n");
        Files.writeString(src.resolve("bad.yaml"), "name: bad\ntasks:\n  - { id: a, type: wait, needs: zz, with: { duration: 1s } }\n");
        Files.writeString(src.resolve("dup.yaml"), "name: good\ntasks:\n  - { id: a, type: wait, with: { duration: 1x } }\n");
        Path classes = tmp.resolve("classes");
        WorkflowException e = assertThrows(WorkflowException.class, () -> compileInto(src, classes));
        assertTrue(e.getMessage().contains("workflows/bad.yaml:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown task 'zz'"), e.getMessage());
        assertTrue(e.getMessage().contains("workflows/dup.yaml:3:"), e.getMessage());
        assertFalse(Files.exists(classes.resolve("META-INF/batch-jobs")), "nothing half-written");
    }
}
