package io.braid.maven;

import io.braid.compile.BuildTimeCompiler;
import io.braid.parse.WorkflowException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;
import java.nio.file.Path;

/** Checks every workflow and fails the build with {@code file:line:column: field: message} for each problem; writes nothing. */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.PROCESS_CLASSES, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class ValidateMojo extends WorkflowMojo {
    @Override
    void run(BuildTimeCompiler compiler, Path workflows) throws IOException, WorkflowException {
        int n = checked(compiler, workflows).size();
        getLog().info(n + " workflow(s) in " + shown(workflows) + " are valid");
    }
}
