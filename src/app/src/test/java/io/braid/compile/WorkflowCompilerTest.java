package io.braid.compile;

import io.braid.graph.Dag;
import io.braid.model.Priority;
import io.braid.model.Retry;
import io.braid.model.Task;
import io.braid.model.Value;
import io.braid.model.Workflow;
import io.braid.parse.WorkflowParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class WorkflowCompilerTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private final WorkflowCompiler compiler = new WorkflowCompiler();

    /** Regenerate with -Dbraid.golden.update=true after an intended change, then review the diff. */
    @ParameterizedTest
    @ValueSource(strings = {"diamond", "nshape", "crossed", "chains", "classic", "types"})
    void matchesGoldenFileAndTheOfficialSchema(String name) throws Exception {
        CompiledWorkflow c = compile(GOLDEN.resolve(name + ".yaml"));
        Path golden = GOLDEN.resolve(name + ".xml");
        if (Boolean.getBoolean("braid.golden.update")) {
            Files.writeString(golden, c.jobXml(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), c.jobXml());
        validate(c.jobXml());
    }

    @Test
    void everySampleWorkflowIsSchemaValid() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/workflows"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                validate(compile(f).jobXml());
            }
        }
    }

    @Test
    void outputIsDeterministic() throws Exception {
        Workflow wf = randomWorkflow(new Random(7), 300, 0.02);
        String first = compiler.compile(wf).jobXml();
        for (int i = 0; i < 3; i++) {
            assertEquals(first, compiler.compile(wf).jobXml());
        }
    }

    @Test
    void nShapeUsesTwoFlowsAndOneGateThatWaitsOnAnEarlierFlow() throws Exception {
        CompiledWorkflow c = compile(GOLDEN.resolve("nshape.yaml"));
        Plan.Chains chains = (Plan.Chains) c.plan();
        assertEquals(2, chains.flows().size());
        assertEquals(2, c.dag().width());
        assertEquals(1, count(c.jobXml(), "<decision "));
    }

    @Test
    void seriesParallelGraphsNeedNoGateAndNoMoreFlowsThanTheirWidth() throws Exception {
        for (String name : List.of("diamond", "crossed", "classic")) {
            CompiledWorkflow c = compile(GOLDEN.resolve(name + ".yaml"));
            assertEquals(0, count(c.jobXml(), "<decision "), name);
            assertTrue(maxFlowsPerSplit(c.plan()) <= c.dag().width(), name);
        }
    }

    /**
     * On random DAGs of many densities: (1) the structure orders two tasks only if the later one depends on
     * the earlier (no level barriers); (2) every dependency is enforced, by the structure or by a gate;
     * (3) no split has more flows than the graph is wide; (4) the job's thread figure (what a bounded pool
     * must hold for every flow to run at once) stays within width + splits + 1.
     */
    @Test
    void structureIsExactAndNoWiderThanTheGraphOnRandomGraphs() {
        Random random = new Random(42);
        int prime = 0;
        for (int round = 0; round < 300; round++) {
            int n = 2 + random.nextInt(40);
            double p = new double[]{0.03, 0.08, 0.15, 0.3, 0.6}[round % 5];
            Workflow wf = randomWorkflow(random, n, p);
            CompiledWorkflow c = compiler.compile(wf);
            Dag dag = c.dag();
            Structure s = new Structure(dag);
            s.walk(c.plan(), List.of());
            Set<String> gatedInXml = new HashSet<>();
            Matcher m = Pattern.compile(
                    "ref=\"braidGate\">\\s*<properties>\\s*<property name=\"task\" value=\"([^\"]+)\"").matcher(c.jobXml());
            while (m.find()) {
                gatedInXml.add(m.group(1));
            }
            assertEquals(s.gated.stream().map(dag::id).collect(Collectors.toSet()), gatedInXml,
                    "gates exactly where a need lies in another flow, round " + round);
            for (int[] pair : s.ordered) {
                assertTrue(dag.reaches(pair[0], pair[1]), "false ordering " + dag.id(pair[0]) + " before "
                        + dag.id(pair[1]) + " in round " + round);
            }
            for (int v = 0; v < dag.size(); v++) {
                for (int u : dag.needs(v)) {
                    boolean structural = s.orderedSet.contains(List.of(u, v));
                    assertTrue(structural || gatedInXml.contains(dag.id(v)), "need " + dag.id(u) + " of " + dag.id(v)
                            + " not enforced in round " + round);
                    if (!structural) {
                        assertTrue(s.split.get(u).equals(s.split.get(v)), "gate of " + dag.id(v)
                                + " waits on a foreign split, round " + round);
                    }
                }
            }
            prime += s.gated.isEmpty() ? 0 : 1;
            assertTrue(maxFlowsPerSplit(c.plan()) <= dag.width(), "more flows than the width in round " + round);
            assertTrue(c.threads() <= dag.width() + countSplits(c.plan()) + 1, "thread figure, round " + round);
        }
        assertTrue(prime > 50, "the random graphs must exercise gated chains, got " + prime);
    }

    @Test
    void threadsCountTheJobThreadAndEveryFlow() throws Exception {
        assertEquals(3, compile(GOLDEN.resolve("diamond.yaml")).threads(), "job + left + right");
        assertEquals(3, compile(GOLDEN.resolve("nshape.yaml")).threads(), "job + two chain flows");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** Collects what a plan orders structurally, which tasks are gated, and where each chain task sits. */
    private static final class Structure {
        final Dag dag;
        final List<int[]> ordered = new ArrayList<>();
        final Set<List<Integer>> orderedSet = new HashSet<>();
        final Set<Integer> gated = new HashSet<>();
        final Map<Integer, Object> split = new HashMap<>();

        Structure(Dag dag) {
            this.dag = dag;
        }

        /** @return the tasks of the plan; before = tasks structurally finished before it starts */
        List<Integer> walk(Plan plan, List<Integer> before) {
            List<Integer> tasks = new ArrayList<>();
            if (plan instanceof Plan.Step st) {
                order(before, st.task());
                tasks.add(st.task());
            } else if (plan instanceof Plan.Seq seq) {
                List<Integer> acc = new ArrayList<>(before);
                for (Plan part : seq.parts()) {
                    List<Integer> t = walk(part, acc);
                    acc.addAll(t);
                    tasks.addAll(t);
                }
            } else if (plan instanceof Plan.Par par) {
                for (Plan b : par.branches()) {
                    tasks.addAll(walk(b, before));
                }
            } else {
                Plan.Chains chains = (Plan.Chains) plan;
                for (int f = 0; f < chains.flows().size(); f++) {
                    List<Integer> flow = chains.flows().get(f);
                    List<Integer> acc = new ArrayList<>(before);
                    for (int v : flow) {
                        order(acc, v);
                        acc.add(v);
                        split.put(v, chains);
                        for (int u : dag.needs(v)) {
                            if (!flow.contains(u) || flow.indexOf(u) > flow.indexOf(v)) {
                                if (!before.contains(u)) {
                                    gated.add(v);
                                }
                            }
                        }
                    }
                    tasks.addAll(flow);
                }
            }
            return tasks;
        }

        private void order(List<Integer> before, int v) {
            for (int u : before) {
                ordered.add(new int[]{u, v});
                orderedSet.add(List.of(u, v));
            }
        }
    }

    @Test
    void aCrownGetsAsManyFlowsAsItIsWide() throws Exception {
        // x1<y1, x1<y2, x2<y2, x2<y3, x3<y3, x3<y1: no 3-flow cover lets every gate wait backwards
        CompiledWorkflow c = compiler.compile(new WorkflowParser().parse("crown.yaml", """
                name: crown
                tasks:
                  - { id: x1, type: wait, with: { duration: 1ms } }
                  - { id: x2, type: wait, with: { duration: 1ms } }
                  - { id: x3, type: wait, with: { duration: 1ms } }
                  - { id: y1, type: wait, needs: [x1, x3], with: { duration: 1ms } }
                  - { id: y2, type: wait, needs: [x1, x2], with: { duration: 1ms } }
                  - { id: y3, type: wait, needs: [x2, x3], with: { duration: 1ms } }
                """));
        assertEquals(3, c.dag().width());
        assertEquals(3, ((Plan.Chains) c.plan()).flows().size());
        assertEquals(4, c.threads(), "job thread + three flows");
        validate(c.jobXml());
    }

    private static int countSplits(Plan plan) {
        if (plan instanceof Plan.Seq s) {
            return s.parts().stream().mapToInt(WorkflowCompilerTest::countSplits).sum();
        }
        if (plan instanceof Plan.Par p) {
            return 1 + p.branches().stream().mapToInt(WorkflowCompilerTest::countSplits).sum();
        }
        return plan instanceof Plan.Chains ? 1 : 0;
    }

    private static int maxFlowsPerSplit(Plan plan) {
        if (plan instanceof Plan.Seq s) {
            return s.parts().stream().mapToInt(WorkflowCompilerTest::maxFlowsPerSplit).max().orElse(0);
        }
        if (plan instanceof Plan.Par p) {
            return Math.max(p.branches().size(),
                    p.branches().stream().mapToInt(WorkflowCompilerTest::maxFlowsPerSplit).max().orElse(0));
        }
        if (plan instanceof Plan.Chains c) {
            return c.flows().size();
        }
        return 0;
    }

    static Workflow randomWorkflow(Random random, int n, double p) {
        List<Task> tasks = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            List<String> needs = new ArrayList<>();
            for (int u = 0; u < v; u++) {
                if (random.nextDouble() < p) {
                    needs.add("t" + u);
                }
            }
            tasks.add(new Task("t" + v, "wait", needs, Map.of("duration", new Value.Scalar("1ms")), Priority.NORMAL,
                    Optional.empty(), Retry.NONE, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), "", v + 1));
        }
        return new Workflow("random", "", 10, false, List.of(), Map.of(), tasks, "random.yaml");
    }

    private CompiledWorkflow compile(Path yaml) throws Exception {
        return compiler.compile(new WorkflowParser().parse(yaml));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Against the official Jakarta Batch 2.0 job XML schema shipped in jakarta.batch-api. */
    private static void validate(String xml) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Schema schema = f.newSchema(WorkflowCompilerTest.class.getClassLoader().getResource("xsd/jobXML_2_0.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }
}
