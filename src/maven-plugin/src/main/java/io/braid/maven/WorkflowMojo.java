package io.braid.maven;

import io.braid.compile.BuildTimeCompiler;
import io.braid.model.Workflow;
import io.braid.parse.Problem;
import io.braid.parse.WorkflowException;
import io.braid.types.TaskTypes;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every goal shares: the workflow folder, and the project's compiled classes and compile class path, on which
 * its own task types ({@code META-INF/services/io.braid.spi.TaskType}) are found beside Braid's.
 */
abstract class WorkflowMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The folder of workflow files ({@code *.yaml}, {@code *.yml}). */
    @Parameter(property = "braid.workflows", defaultValue = "${project.basedir}/src/main/workflows")
    File workflowDirectory;

    /** Skips the goal. */
    @Parameter(property = "braid.skip", defaultValue = "false")
    boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Braid (braid.skip)");
            return;
        }
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(projectClassPath(), getClass().getClassLoader())) {
            // task types and their settings are found through the context class loader, as on the server
            Thread.currentThread().setContextClassLoader(loader);
            BuildTimeCompiler compiler = new BuildTimeCompiler(TaskTypes.load(loader), project.getBasedir().toPath());
            run(compiler, workflowDirectory.toPath());
        } catch (WorkflowException e) {
            // one line per problem, file:line:column: field: message, in Maven's own error summary
            StringBuilder msg = new StringBuilder("invalid workflow(s) in ").append(shown(workflowDirectory.toPath())).append(':');
            for (Problem p : e.problems()) {
                msg.append("\n  ").append(p);
            }
            throw new MojoFailureException(msg.toString());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read or write workflows: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** The goal's work once the class path is in place. */
    abstract void run(BuildTimeCompiler compiler, Path workflows) throws IOException, WorkflowException, MojoExecutionException;

    /** Checks every workflow and logs each one's name and size. */
    Map<Path, Workflow> checked(BuildTimeCompiler compiler, Path workflows) throws IOException, WorkflowException {
        Map<Path, Workflow> all = compiler.check(workflows);
        if (all.isEmpty()) {
            getLog().info("No workflows in " + shown(workflows));
        }
        return all;
    }

    String shown(Path p) {
        Path base = project.getBasedir().toPath().toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
    }

    private URL[] projectClassPath() throws MojoExecutionException {
        try {
            List<URL> urls = new ArrayList<>();
            for (String element : project.getCompileClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
            return urls.toArray(URL[]::new);
        } catch (DependencyResolutionRequiredException | MalformedURLException e) {
            throw new MojoExecutionException("cannot build the project's class path: " + e.getMessage(), e);
        }
    }
}
