package io.braid.compile;

import io.braid.model.Workflow;
import io.braid.parse.Check;
import io.braid.parse.Problem;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import io.braid.types.TaskTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build step (braid-maven-plugin's {@code compile} goal): compiles every workflow in a folder into
 * {@code META-INF/batch-jobs/<name>.xml} and copies its source to the catalog
 * {@code META-INF/braid/workflows/<name>.yaml} (listed in {@code index}), from which the server's API reads
 * definitions. Any invalid workflow fails the whole folder with every problem of every file, and nothing is written.
 */
public final class BuildTimeCompiler {
    /** Where Jakarta Batch looks for job XML. */
    public static final String JOBS = "META-INF/batch-jobs";
    /** Where the workflow sources are kept for the API. */
    public static final String CATALOG = "META-INF/braid/workflows";
    public static final String INDEX = "index";

    private final WorkflowParser parser;
    private final Path base;

    /**
     * @param types the task types the workflows may use (the project's own beside Braid's)
     * @param base  problems name files relative to this folder (a project's base directory), so that
     *              {@code src/main/workflows/orders.yaml:3:5: …} leads straight to the line
     */
    public BuildTimeCompiler(TaskTypes types, Path base) {
        this.parser = new WorkflowParser(types);
        this.base = base.toAbsolutePath().normalize();
    }

    /** Compiles every workflow of {@code sourceDir} into {@code classesDir}; throws with every problem if any is invalid. */
    public static List<Path> compileAll(Path sourceDir, Path outDir, Path catalogDir) throws IOException, WorkflowException {
        return new BuildTimeCompiler(TaskTypes.standard(), sourceDir).compile(sourceDir, outDir, catalogDir);
    }

    /** The workflow files of a folder ({@code *.yaml}, {@code *.yml}), in name order; none if it does not exist. */
    public static List<Path> sources(Path sourceDir) throws IOException {
        if (!Files.isDirectory(sourceDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(sourceDir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** Parses and checks every workflow of a folder, by file; two files may not name the same workflow. */
    public Map<Path, Workflow> check(Path sourceDir) throws IOException, WorkflowException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        Map<Path, Workflow> workflows = new LinkedHashMap<>();
        for (Path source : sources(sourceDir)) {
            String shown = shown(source);
            try {
                Workflow wf = parser.parse(shown, Files.readString(source, StandardCharsets.UTF_8));
                Path other = byName.putIfAbsent(wf.name(), source);
                if (other != null) {
                    problems.add(new Problem(shown, 1, 1, "name",
                            "workflow name '" + wf.name() + "' is also used by " + shown(other), Check.WORKFLOW_NAME));
                    continue;
                }
                workflows.put(source, wf);
            } catch (WorkflowException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        return workflows;
    }

    /** Compiles every workflow of {@code sourceDir} into {@code outDir}, its source into {@code catalogDir}. */
    public List<Path> compile(Path sourceDir, Path outDir, Path catalogDir) throws IOException, WorkflowException {
        Map<Path, Workflow> workflows = check(sourceDir);
        WorkflowCompiler compiler = new WorkflowCompiler();
        Map<Path, CompiledWorkflow> compiled = new LinkedHashMap<>();
        for (Map.Entry<Path, Workflow> e : workflows.entrySet()) {
            compiled.put(e.getKey(), compiler.compile(e.getValue()));
        }
        Files.createDirectories(outDir);
        Files.createDirectories(catalogDir);
        List<Path> written = new ArrayList<>();
        StringBuilder index = new StringBuilder();
        for (Map.Entry<Path, CompiledWorkflow> e : compiled.entrySet()) {
            String name = e.getValue().workflow().name();
            Path out = outDir.resolve(name + ".xml");
            Files.writeString(out, e.getValue().jobXml(), StandardCharsets.UTF_8);
            Files.copy(e.getKey(), catalogDir.resolve(name + ".yaml"), StandardCopyOption.REPLACE_EXISTING);
            index.append(name).append('\n');
            written.add(out);
        }
        Files.writeString(catalogDir.resolve(INDEX), index.toString(), StandardCharsets.UTF_8);
        return written;
    }

    private String shown(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        return abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs).toString() : source.getFileName().toString();
    }
}
