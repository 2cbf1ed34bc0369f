package io.braid.catalog;

import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's structure must be the compiled one; the forgeries of issue #20 each fail, naming where. */
class JobStructureTest {
    private static String compiled;

    @BeforeAll
    static void compile() throws Exception {
        compiled = new WorkflowCompiler().compile(new WorkflowParser().parse("chain.yaml", """
                name: chain
                tasks:
                  - { id: check, type: wait, with: { duration: 1ms } }
                  - { id: other, type: wait, with: { duration: 1ms } }
                  - { id: delete, type: wait, needs: [check, other], with: { duration: 1ms } }
                """)).jobXml();
    }

    private static String refusal(String forged) {
        assertTrue(!forged.equals(compiled), "the forgery changes the XML");
        return assertThrows(UnverifiedJobException.class, () -> JobStructure.check("chain", compiled, forged)).getMessage();
    }

    @Test
    void theCompiledXmlPassesAlsoWithOtherCommentsLayoutAndAttributeOrder() {
        assertDoesNotThrow(() -> JobStructure.check("chain", compiled, compiled));
        String relaid = compiled.replace("<!--", "<!-- submitted by hand; ").replace("\n    ", "\n\t")
                .replace("<job xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\" id=\"chain\">",
                        "<job id=\"chain\"   version=\"2.0\" xmlns=\"https://jakarta.ee/xml/ns/jakartaee\">");
        assertDoesNotThrow(() -> JobStructure.check("chain", compiled, relaid));
    }

    @Test
    void anotherArtifactInATasksStepIsRefused() {
        String forged = compiled.replaceFirst("(<step id=\"check\"[^>]*>(?s:.*?))<batchlet ref=\"braidTask\"/>", "$1<batchlet ref=\"braidMark\"/>");
        String why = refusal(forged);
        assertTrue(why.contains("step[@id='check']/batchlet/@ref ('braidMark' instead of 'braidTask')"), why);
    }

    @Test
    void aPartitionPlanAroundAPlainTaskIsRefused() {
        String forged = compiled.replaceFirst("(<step id=\"check\"[^>]*>(?s:.*?)<batchlet ref=\"braidTask\"/>)",
                "$1<partition><plan partitions=\"6\" threads=\"100000\"/></partition>");
        String why = refusal(forged);
        assertTrue(why.contains("step[@id='check']") && why.contains("an extra <partition>"), why);
    }

    @Test
    void aChangedTransitionOrAMissingListenerIsRefused() {
        String transition = compiled.replaceFirst("next=\"([^\"]+)\"", "next=\"delete\"");
        if (!transition.equals(compiled)) {
            assertTrue(refusal(transition).contains("/@next"), refusal(transition));
        }
        String noListener = compiled.replaceFirst("<listener ref=\"braidTaskListener\"/>", "");
        assertTrue(refusal(noListener).contains("missing") || refusal(noListener).contains("instead of"), refusal(noListener));
        String otherListener = compiled.replaceFirst("<listener ref=\"braidRunListener\"/>", "<listener ref=\"braidRunListener\"/><listener ref=\"braidMark\"/>");
        assertTrue(refusal(otherListener).contains("an extra <listener>"), refusal(otherListener));
    }

    @Test
    void aDoctypeIsRefusedBeforeAnyEntityIsRead() {
        String forged = "<?xml version=\"1.0\"?>\n<!DOCTYPE job [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + compiled.substring(compiled.indexOf("<job "));
        String why = refusal(forged);
        assertTrue(why.contains("not well-formed job XML") && why.contains("DOCTYPE"), why);
    }
}
