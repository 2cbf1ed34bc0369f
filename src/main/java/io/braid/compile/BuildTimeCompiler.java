package io.braid.compile;

import io.braid.model.Workflow;
import io.braid.parse.Problem;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run by the Maven build (exec-maven-plugin, phase process-classes): compiles every workflow in a folder into
 * {@code <name>.xml} job files. Any invalid workflow fails the build with all problems of all files.
 */
public final class BuildTimeCompiler {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildTimeCompiler <workflow dir> <batch-jobs dir>");
        }
        List<Path> written = compileAll(Path.of(args[0]), Path.of(args[1]));
        System.out.println("[braid] compiled " + written.size() + " workflow(s) into " + args[1]);
    }

    /** Compiles all {@code *.yaml}/{@code *.yml} files; throws with every problem if any is invalid. */
    public static List<Path> compileAll(Path sourceDir, Path outDir) throws IOException {
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
                            "workflow name '" + wf.name() + "' is also used by " + other.getFileName()));
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
        List<Path> written = new ArrayList<>();
        for (CompiledWorkflow c : compiled) {
            Path out = outDir.resolve(c.workflow().name() + ".xml");
            Files.writeString(out, c.jobXml(), StandardCharsets.UTF_8);
            written.add(out);
        }
        return written;
    }
}
