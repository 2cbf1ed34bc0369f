package io.braid.maven;

import io.braid.compile.BuildTimeCompiler;
import io.braid.graph.Diagrams;
import io.braid.model.Workflow;
import io.braid.parse.WorkflowException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes every workflow's dependency graph as Mermaid ({@code <name>.mmd}) or Graphviz DOT ({@code <name>.dot}). */
@Mojo(name = "graph", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class GraphMojo extends WorkflowMojo {
    /** {@code mermaid} or {@code dot}. */
    @Parameter(property = "braid.graph.format", defaultValue = "mermaid")
    String format;

    /** Where the diagrams are written. */
    @Parameter(property = "braid.graph.outputDirectory", defaultValue = "${project.build.directory}/braid/graphs")
    File outputDirectory;

    @Override
    void run(BuildTimeCompiler compiler, Path workflows) throws IOException, WorkflowException, MojoExecutionException {
        Diagrams.Format f;
        try {
            f = Diagrams.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("braid.graph." + e.getMessage(), e);
        }
        Path out = Files.createDirectories(outputDirectory.toPath());
        for (Workflow wf : checked(compiler, workflows).values()) {
            Path file = out.resolve(wf.name() + "." + f.extension());
            Files.writeString(file, Diagrams.render(wf, f), StandardCharsets.UTF_8);
            getLog().info(wf.name() + ": " + shown(file));
        }
    }
}
