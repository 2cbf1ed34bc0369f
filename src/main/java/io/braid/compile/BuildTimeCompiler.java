package io.braid.compile;

import io.braid.model.Workflow;
import io.braid.parse.Check;
import io.braid.parse.Problem;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run by the Maven build (exec-maven-plugin, phase process-classes): compiles every workflow in a folder into
 * {@code META-INF/batch-jobs/<name>.xml} and copies its source to the catalog
 * {@code META-INF/braid/workflows/<name>.yaml} (listed in {@code index}), from which the server's API reads
 * definitions. Any invalid workflow fails the build with all problems of all files.
 */
public final class BuildTimeCompiler {
    /** Where Jakarta Batch looks for job XML. */
    public static final String JOBS = "META-INF/batch-jobs";
    /** Where the workflow sources are kept for the API. */
    public static final String CATALOG = "META-INF/braid/workflows";
    public static final String INDEX = "index";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildTimeCompiler <workflow dir> <classes dir>");
        }
        Path classes = Path.of(args[1]);
        List<Path> written = compileAll(Path.of(args[0]), classes.resolve(JOBS), classes.resolve(CATALOG));
        System.out.println("[braid] compiled " + written.size() + " workflow(s) into " + classes.resolve(JOBS));
    }

    /** Compiles all {@code *.yaml}/{@code *.yml} files; throws with every problem if any is invalid. */
    public static List<Path> compileAll(Path sourceDir, Path outDir, Path catalogDir) throws IOException {
        List<Path> sources;
        if (!Files.isDirectory(sourceDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(sourceDir)) {
            sources = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        WorkflowParser parser = new WorkflowParser();
        WorkflowCompiler compiler = new WorkflowCompiler();
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        List<CompiledWorkflow> compiled = new ArrayList<>();
        for (Path source : sources) {
            try {
                Workflow wf = parser.parse(source);
                Path other = byName.putIfAbsent(wf.name(), source);
                if (other != null) {
                    problems.add(new Problem(source.getFileName().toString(), 1, 1, "name",
                            "workflow name '" + wf.name() + "' is also used by " + other.getFileName(), Check.WORKFLOW_NAME));
                    continue;
                }
                compiled.add(compiler.compile(wf));
            } catch (WorkflowException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder msg = new StringBuilder("invalid workflow(s):");
            problems.forEach(p -> msg.append("\n  ").append(p));
            throw new IllegalStateException(msg.toString());
        }
        Files.createDirectories(outDir);
        Files.createDirectories(catalogDir);
        List<Path> written = new ArrayList<>();
        StringBuilder index = new StringBuilder();
        for (CompiledWorkflow c : compiled) {
            String name = c.workflow().name();
            Path out = outDir.resolve(name + ".xml");
            Files.writeString(out, c.jobXml(), StandardCharsets.UTF_8);
            Files.copy(byName.get(name), catalogDir.resolve(name + ".yaml"), StandardCopyOption.REPLACE_EXISTING);
            index.append(name).append('\n');
            written.add(out);
        }
        Files.writeString(catalogDir.resolve(INDEX), index.toString(), StandardCharsets.UTF_8);
        return written;
    }
}
