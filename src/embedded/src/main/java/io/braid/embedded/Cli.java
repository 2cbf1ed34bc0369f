package io.braid.embedded;

import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.forecast.Forecaster;
import io.braid.graph.Diagrams;
import io.braid.model.Durations;
import io.braid.model.Workflow;
import io.braid.parse.Problem;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import io.braid.report.RunReport;
import io.braid.runs.RootCause;
import io.braid.runs.RunView;
import io.braid.views.JsonViews;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionIsRunningException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The embedded runner's command line: validate, compile, draw and run workflow files on JBeret SE with no
 * server. Exit codes: 0 success, 1 invalid workflow or run not COMPLETED, 2 usage error.
 */
@Command(name = "braid", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Run Braid workflows without a server (JBeret SE, H2).",
        subcommands = {Cli.Validate.class, Cli.Compile.class, Cli.Graph.class, Cli.Forecast.class, Cli.Run.class,
                Cli.Restart.class, Cli.Runs.class, Cli.Report.class})
public final class Cli {
    /** The build's version (META-INF/maven/…/pom.properties of braid-embedded), e.g. {@code braid 0.1.0-SNAPSHOT}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (var in = Cli.class.getResourceAsStream("/META-INF/maven/io.braid/braid-embedded/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"braid " + p.getProperty("version", "(unknown version)")};
        }
    }

    static final int OK = 0;
    static final int FAILED = 1;

    public static void main(String[] args) {
        quietLibraries();
        // the runner's user runs their own workflows on their own files: csv-import may read under the working
        // folder unless braid.files.roots says otherwise (a server's default is ${braid.data.dir}/files)
        if (System.getProperty("braid.files.roots") == null && System.getenv("BRAID_FILES_ROOTS") == null) {
            System.setProperty("braid.files.roots", Path.of("").toAbsolutePath().toString());
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (for tests and main). */
    public static int execute(String... args) {
        return new CommandLine(new Cli()).execute(args);
    }

    /** Weld, JBeret, Flyway and EclipseLink log at INFO through java.util.logging; the runner shows warnings only. */
    private static void quietLibraries() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.WARNING);
        root.addHandler(h);
        root.setLevel(Level.WARNING);
    }

    private static Workflow parse(Path file, PrintWriter err) throws IOException {
        try {
            return new WorkflowParser().parse(file);
        } catch (WorkflowException e) {
            e.problems().forEach(p -> err.println(p));
            return null;
        }
    }

    @Command(name = "validate", description = "Check workflow files; prints every problem as file:line:column: field: message.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int problems = 0;
            for (Path f : files) {
                try {
                    new WorkflowParser().parse(f);
                    spec.commandLine().getOut().println(f + ": ok");
                } catch (WorkflowException e) {
                    for (Problem p : e.problems()) {
                        spec.commandLine().getErr().println(p);
                    }
                    problems += e.problems().size();
                }
            }
            return problems == 0 ? OK : FAILED;
        }
    }

    /** A command on one workflow file: parses it (printing every problem) and works on the result. */
    abstract static class FileCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Workflow wf = parse(file, spec.commandLine().getErr());
            return wf == null ? FAILED : run(wf, spec.commandLine().getOut());
        }

        abstract int run(Workflow wf, PrintWriter out) throws IOException;
    }

    @Command(name = "compile", description = "Write the Jakarta Batch job XML of a workflow to DIR/<name>.xml.")
    static final class Compile extends FileCommand {
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR")
        Path out;

        @Override
        int run(Workflow wf, PrintWriter stdout) throws IOException {
            CompiledWorkflow c = new WorkflowCompiler().compile(wf);
            Files.createDirectories(out);
            Path target = out.resolve(wf.name() + ".xml");
            Files.writeString(target, c.jobXml(), StandardCharsets.UTF_8);
            stdout.println(target);
            return OK;
        }
    }

    @Command(name = "graph", description = "Print the dependency graph as Mermaid (default) or Graphviz DOT.")
    static final class Graph extends FileCommand {
        @Option(names = "--format", defaultValue = "mermaid", description = "mermaid or dot")
        String format;

        @Override
        int run(Workflow wf, PrintWriter out) {
            Diagrams.Format f;
            try {
                f = Diagrams.Format.of(format);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
            }
            out.print(Diagrams.render(wf, f));
            out.flush();
            return OK;
        }
    }

    @Command(name = "forecast", description = "Predict each task's start and end and the run's length, from the durations of "
            + "the workflow's recent completed runs in the data folder (median and 90th percentile).")
    static final class Forecast extends FileCommand {
        @Option(names = "--data", paramLabel = "DIR", description = "data folder whose runs give the durations; without it, "
                + "or without completed runs, each task plays its estimate")
        Path data;
        @Option(names = "--history", defaultValue = "20", description = "how many recent completed runs (default 20)")
        int history;

        @Override
        int run(Workflow wf, PrintWriter out) throws IOException {
            CompiledWorkflow c = new WorkflowCompiler().compile(wf);
            Map<String, List<Long>> durations = data == null ? Map.of() : EmbeddedBraid.open(data).records().durations(wf.name(), history);
            int runs = durations.values().stream().mapToInt(List::size).max().orElse(0);
            io.braid.forecast.Forecast f = Forecaster.forecast(c, durations, runs);
            out.printf("%s: %s (up to %s), from %d completed run(s)%n", f.workflow(), Durations.format(Duration.ofMillis(f.makespanMillis())),
                    Durations.format(Duration.ofMillis(f.makespanHighMillis())), f.runs());
            out.printf("%-24s %10s %10s %10s %s%n", "TASK", "START", "END", "END(HIGH)", "FROM");
            for (io.braid.forecast.Forecast.TaskForecast t : f.tasks()) {
                out.printf("%-24s %10s %10s %10s %s%n", t.id(), Durations.format(Duration.ofMillis(t.startMillis())),
                        Durations.format(Duration.ofMillis(t.endMillis())), Durations.format(Duration.ofMillis(t.endHighMillis())),
                        t.source().name().toLowerCase(Locale.ROOT));
            }
            out.flush();
            return OK;
        }
    }

    /** Options shared by the commands that touch the run database. */
    static class DataOptions {
        @Option(names = "--data", paramLabel = "DIR",
                description = "data folder (H2 database, compiled jobs); default $BRAID_RUNNER_DATA_DIR or ~/.braid/embedded")
        Path data;

        EmbeddedBraid open() throws IOException {
            // not BRAID_DATA_DIR: that is the server's (braid.data.dir), and the two must not share a database
            Path dir = data != null ? data
                    : System.getenv("BRAID_RUNNER_DATA_DIR") != null ? Path.of(System.getenv("BRAID_RUNNER_DATA_DIR"))
                    : Path.of(System.getProperty("user.home"), ".braid", "embedded");
            return EmbeddedBraid.open(dir);
        }
    }

    /** Runs or resumes one job execution in the foreground, printing a line per task state change. */
    abstract static class Foreground extends DataOptions implements Callable<Integer> {
        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "job parameter (repeatable)")
        Map<String, String> params = new LinkedHashMap<>();
        @Option(names = "--json", paramLabel = "OUT", description = "write the run record as JSON (same shape as GET /api/runs/{id})")
        Path json;
        @Option(names = "--report", paramLabel = "OUT", description = "write the run as a self-contained HTML report")
        Path report;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract long begin(EmbeddedBraid braid) throws Exception;

        @Override
        public Integer call() throws Exception {
            EmbeddedBraid braid = open();
            long execution = begin(braid);
            if (execution < 0) {
                return FAILED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("run " + braid.runId(execution) + ", job execution " + execution);
            out.flush();
            AtomicLong active = new AtomicLong(execution);
            Thread onCtrlC = new Thread(() -> stopOnExit(braid, active, out), "braid-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            JobExecution end;
            try {
                end = braid.await(execution, Duration.ofDays(7), new Progress(out));
            } finally {
                active.set(-1);
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook is running and stops the job
                }
            }
            RunView run = braid.records().run(braid.runId(execution)).orElseThrow();
            if (json != null) {
                Files.writeString(json, runJson(run).toString(), StandardCharsets.UTF_8);
            }
            if (report != null) {
                Files.writeString(report, reportOf(run), StandardCharsets.UTF_8);
            }
            out.println(summary(run));
            if (!run.status().equals("COMPLETED")) {
                out.println("resume with: braid restart " + execution);
            }
            return end.getBatchStatus() == BatchStatus.COMPLETED && run.status().equals("COMPLETED") ? OK : FAILED;
        }

        /** Ctrl-C: stop the job so that its record says STOPPED and `restart` can continue it. */
        private static void stopOnExit(EmbeddedBraid braid, AtomicLong active, PrintWriter out) {
            long execution = active.get();
            if (execution < 0) {
                return;
            }
            out.println("stopping job execution " + execution + " …");
            out.flush();
            try {
                braid.stop(execution);
                braid.await(execution, Duration.ofSeconds(30), r -> { });
                braid.flush();
                out.println("stopped; resume with: braid restart " + execution);
            } catch (Exception e) {
                out.println("could not stop cleanly: " + e.getMessage());
            }
            out.flush();
        }

        private static String summary(RunView r) {
            Map<String, Long> counts = new TreeMap<>();
            r.tasks().forEach(t -> counts.merge(t.status().toLowerCase(), 1L, Long::sum));
            long millis = r.start() != null && r.end() != null ? r.end().toEpochMilli() - r.start().toEpochMilli() : 0;
            return "run " + r.id() + " " + r.status() + " in " + String.format("%.2f s", millis / 1000.0) + ": " + counts;
        }
    }

    @Command(name = "run", description = "Run a workflow file on JBeret SE; exits 0 only if the run COMPLETED.")
    static final class Run extends Foreground {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        long begin(EmbeddedBraid braid) throws Exception {
            try {
                CompiledWorkflow c = braid.deploy(file);
                return braid.start(c.workflow().name(), params);
            } catch (WorkflowException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                return -1;
            }
        }
    }

    @Command(name = "restart", description = "Restart a FAILED or STOPPED run from its last job execution.")
    static final class Restart extends Foreground {
        @Parameters(paramLabel = "EXECUTION_ID")
        long executionId;

        /** A restart that cannot happen is one line and exit code 1, not a stack trace. */
        @Override
        long begin(EmbeddedBraid braid) {
            PrintWriter err = spec.commandLine().getErr();
            try {
                return braid.restart(executionId, params);
            } catch (NoSuchJobExecutionException e) {
                err.println("no job execution " + executionId + " (braid runs lists them)");
            } catch (JobExecutionAlreadyCompleteException e) {
                err.println("job execution " + executionId + " completed; a completed run cannot be restarted");
            } catch (JobExecutionIsRunningException e) {
                err.println("job execution " + executionId + " is still running; stop it first");
            } catch (JobExecutionNotMostRecentException e) {
                err.println("job execution " + executionId + " is not its run's latest; restart the latest (braid runs)");
            } catch (JobRestartException e) {
                err.println("job execution " + executionId + " cannot be restarted: " + e.getMessage());
            }
            err.flush();
            return -1;
        }
    }

    /** A run as {@code GET /api/runs/{id}} shows it: with its graph and, if it failed, its root cause. */
    static JsonObject runJson(RunView run) {
        return JsonViews.run(run, RootCause.of(run,
                run.needs().isEmpty() ? Optional.empty() : Optional.of(run.needs()), false));
    }

    /** The report the server's {@code GET /api/runs/{id}/report} gives: the graph is the run's own. */
    static String reportOf(RunView run) {
        return RunReport.html(runJson(run), null, Instant.now());
    }

    @Command(name = "report", description = "Write a run as a self-contained HTML report (graph, Gantt chart, tasks).")
    static final class Report extends DataOptions implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_ID")
        long runId;
        @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "the HTML file to write")
        Path output;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Optional<RunView> run = open().records().run(runId);
            if (run.isEmpty()) {
                spec.commandLine().getErr().println("no run " + runId);
                return FAILED;
            }
            Files.writeString(output, reportOf(run.get()), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
            return OK;
        }
    }

    @Command(name = "runs", description = "List recent runs, newest first.")
    static final class Runs extends DataOptions implements Callable<Integer> {
        @Option(names = "--limit", defaultValue = "20")
        int limit;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-6s %-24s %-10s %-10s %-24s %s%n", "RUN", "WORKFLOW", "STATUS", "EXECUTION", "STARTED", "TASKS");
            for (RunView r : open().records().runs(null, null, limit)) {
                long done = r.tasks().stream().filter(t -> t.status().equals("COMPLETED")).count();
                out.printf("%-6d %-24s %-10s %-10d %-24s %d/%d completed%n", r.id(), r.workflow(), r.status(),
                        r.executionId(), JsonViews.time(r.start()), done, r.tasks().size());
            }
            return OK;
        }
    }
}
