package io.braid.maven;

import io.braid.compile.BuildTimeCompiler;
import io.braid.parse.WorkflowException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles every workflow into {@code META-INF/batch-jobs/<name>.xml} of the classes folder, with its source in the
 * catalog ({@code META-INF/braid/workflows}) that Braid verifies runs against. An invalid workflow fails the build
 * with every problem, and nothing is written.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.PROCESS_CLASSES, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class CompileMojo extends WorkflowMojo {
    /** Where {@code META-INF/batch-jobs} and {@code META-INF/braid/workflows} are written. */
    @Parameter(property = "braid.outputDirectory", defaultValue = "${project.build.outputDirectory}")
    File outputDirectory;

    @Override
    void run(BuildTimeCompiler compiler, Path workflows) throws IOException, WorkflowException {
        Path out = outputDirectory.toPath();
        List<Path> written = compiler.compile(workflows, out.resolve(BuildTimeCompiler.JOBS), out.resolve(BuildTimeCompiler.CATALOG));
        getLog().info("Compiled " + written.size() + " workflow(s) from " + shown(workflows) + " into "
                + shown(out.resolve(BuildTimeCompiler.JOBS)));
    }
}
