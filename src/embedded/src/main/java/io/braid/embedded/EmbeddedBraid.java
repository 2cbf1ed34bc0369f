package io.braid.embedded;

import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.db.DataDirs;
import io.braid.db.Database;
import io.braid.gate.RunGate;
import io.braid.gate.ServerGate;
import io.braid.gate.TaskCanceller;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunView;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.inject.spi.CDI;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Braid on JBeret SE, in this JVM: the same compiler, gate, task types and run records as on Liberty, with
 * the job repository and Braid's tables in one H2 file under a data folder.
 *
 * <p>JBeret's runtime is a per-JVM singleton configured from system properties at first use, so
 * {@link #open} sets them once; opening a second, different data folder in the same JVM is refused.
 */
public final class EmbeddedBraid {
    private static final Set<BatchStatus> ENDED =
            Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private static final String JBERET_CONTAINER = "STATIC_INSTANCE";

    private final Path dataDir;

    private EmbeddedBraid(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Uses (and creates) the data folder; the H2 file and the compiled jobs live there. The folder is its owner's only
     * (0700), and the database's administrator has the random password kept in it ({@link DbCredentials}).
     */
    public static synchronized EmbeddedBraid open(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        DbCredentials.privateFolder(dir);
        Files.createDirectories(dir.resolve("jobs"));
        // AUTO_SERVER: a second process (e.g. `braid runs` during a run) may open the same database, over a port on
        // the loopback interface only (h2.bindAddress, below); it logs in with the same credentials file
        // WRITE_DELAY=0: each commit reaches the file at once, so a killed runner loses no recorded step or task
        String url = "jdbc:h2:file:" + dir.resolve("braid") + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;AUTO_SERVER=TRUE";
        DataDirs.claim(dir, DataDirs.RUNNER);
        String current = System.getProperty(Database.URL_PROPERTY);
        if (current != null && !current.equals(url)) {
            throw new IllegalStateException("this JVM already uses " + current);
        }
        bindLoopback();
        DbCredentials credentials = DbCredentials.open(dir, url);
        System.setProperty(Database.URL_PROPERTY, url);
        // read by Braid's own pool (EmbeddedDataSource); never in the URL, which error messages show
        System.setProperty(Database.USER_PROPERTY, credentials.user());
        System.setProperty(Database.PASSWORD_PROPERTY, credentials.password());
        System.setProperty(CompiledJobResolver.JOBS_DIR, dir.resolve("jobs").toString());
        startRuntime(url, credentials.user(), credentials.password());
        return new EmbeddedBraid(dir);
    }

    /** AUTO_SERVER lets `braid runs` in another shell read the database during a run: on loopback only. */
    private static void bindLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /**
     * Starts JBeret's runtime on Braid's database, and the CDI container under the id JBeret SE's artifact
     * factory looks up ("STATIC_INSTANCE"), so the runner can read run records before the first job runs
     * and JBeret then uses the same container. Both are per-JVM singletons of JBeret SE.
     */
    private static synchronized void startRuntime(String dbUrl, String user, String password) {
        bindLoopback();
        JBeretConfig.initialise(JBeretConfig.properties(dbUrl, user, password));
        if (WeldContainer.instance(JBERET_CONTAINER) == null) {
            // no Weld shutdown hook: on Ctrl-C the runner's own hook still needs CDI to stop the job cleanly
            new Weld(JBERET_CONTAINER).skipShutdownHook().initialize();
        }
    }

    /**
     * The configuration the JVM was started with, or that {@link #open} set. Without {@link #open}, only for tests: the
     * build's (src/app/pom.xml) sets a database URL under target/ without AUTO_SERVER, and no credentials, so H2's
     * {@code sa} with no password is used unless {@code braid.db.user} and {@code braid.db.password} are set.
     */
    public static EmbeddedBraid fromSystemProperties() {
        startRuntime(Objects.requireNonNull(System.getProperty(Database.URL_PROPERTY), Database.URL_PROPERTY + " is not set"),
                System.getProperty(Database.USER_PROPERTY, "sa"), System.getProperty(Database.PASSWORD_PROPERTY, ""));
        return new EmbeddedBraid(Path.of(Objects.requireNonNull(System.getProperty(CompiledJobResolver.JOBS_DIR),
                CompiledJobResolver.JOBS_DIR + " is not set")).getParent());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Compiles a workflow file and makes it startable by its name (also from a later JVM, for restarts). */
    public CompiledWorkflow deploy(Path workflowFile) throws WorkflowException, IOException {
        return deploy(workflowFile.getFileName().toString(), Files.readString(workflowFile, StandardCharsets.UTF_8));
    }

    /**
     * Compiles a workflow and deploys it to this runner: its job XML (for the batch runtime) and its source (the
     * catalog Braid checks running jobs against) go to the jobs folder.
     */
    public CompiledWorkflow deploy(String sourceName, String yaml) throws WorkflowException, IOException {
        CompiledWorkflow c = new WorkflowCompiler().compile(new WorkflowParser().parse(sourceName, yaml));
        Path jobs = Path.of(System.getProperty(CompiledJobResolver.JOBS_DIR));
        Files.createDirectories(jobs);
        String name = c.workflow().name();
        Files.writeString(jobs.resolve(name + ".yaml"), yaml, StandardCharsets.UTF_8);
        Files.writeString(jobs.resolve(name + ".xml"), c.jobXml(), StandardCharsets.UTF_8);
        return c;
    }

    public long start(String workflow, Map<String, String> params) {
        return operator().start(workflow, properties(params));
    }

    /**
     * Restarts a run from one of its executions. An execution that a JVM left running when it died (killed, crashed)
     * is recognised as such (JBeret's restart mode {@code detect}) and restarted too.
     */
    public long restart(long executionId, Map<String, String> params) {
        Properties p = new Properties();
        Properties last = operator().getParameters(executionId);
        if (last != null) {
            p.putAll(last);
        }
        p.putAll(params);
        p.setProperty(RESTART_MODE, "detect");
        return operator().restart(executionId, p);
    }

    /** JBeret's job parameter that lets a restart continue an execution its JVM left STARTED. */
    static final String RESTART_MODE = "jberet.restart.mode";

    public void stop(long executionId) {
        operator().stop(executionId);
    }

    public long runId(long executionId) {
        return operator().getJobInstance(executionId).getInstanceId();
    }

    /**
     * Waits until the execution has ended and Braid's listener has settled the run record (JBeret marks the
     * execution ended just before it calls afterJob). Calls {@code onChange} whenever the record changes.
     */
    public JobExecution await(long executionId, Duration timeout, Consumer<RunView> onChange) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long runId = runId(executionId);
        RunView last = null;
        while (System.nanoTime() < deadline) {
            JobExecution e = operator().getJobExecution(executionId);
            RunView r = records().run(runId).orElse(null);
            if (r != null && !r.equals(last)) {
                onChange.accept(r);
                last = r;
            }
            if (ENDED.contains(e.getBatchStatus()) && r != null && !r.status().equals("RUNNING")) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job execution " + executionId + " did not end within " + timeout);
    }

    /**
     * Forces committed changes to the file. H2 writes commits with a short delay; a JVM that is ending (Ctrl-C)
     * calls this so the records of a stopped run are not lost.
     */
    public void flush() throws SQLException {
        try (Connection c = CDI.current().select(Database.class).get().dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
        }
    }

    public RunExplorer records() {
        return CDI.current().select(RunExplorer.class).get();
    }

    /** Start, restart, stop and cancel by run id, as on a server ({@link io.braid.gate.RunOperations}). */
    public EmbeddedRuns runs() {
        return new EmbeddedRuns(this);
    }

    /** Cancels one task of a running run (see {@link io.braid.gate.TaskCanceller}). */
    public Optional<RunGate.CancelResult> cancel(long executionId, String task) {
        return CDI.current().select(TaskCanceller.class).get().cancel(runId(executionId), task);
    }

    /** The server-wide gate of this JVM: scheduler, resources and caps. */
    public ServerGate gate() {
        return CDI.current().select(ServerGate.class).get();
    }

    public JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    private static Properties properties(Map<String, String> params) {
        Properties p = new Properties();
        p.putAll(params);
        return p;
    }
}
