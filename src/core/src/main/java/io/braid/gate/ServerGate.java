package io.braid.gate;

import io.braid.catalog.JobVerifier;
import io.braid.catalog.UnverifiedJobException;
import io.braid.compile.CompiledWorkflow;
import io.braid.db.Database;
import io.braid.job.Artifacts;
import io.braid.job.StepSpec;
import io.braid.log.Messages;
import io.braid.model.GroupSpec;
import io.braid.runs.Owner;
import io.braid.runs.PartitionClaims;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunRecorder;
import io.braid.runs.TaskStatus;
import io.braid.secrets.Secrets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The server's gate: the gates of the runs executing here (by run id = job instance id) and the one
 * {@link Scheduler} they share, with its ledger, lease heartbeat and adaptive cap.
 */
@ApplicationScoped
public class ServerGate {
    private static final Logger LOG = Logger.getLogger("io.braid.task");
    private final ConcurrentMap<Long, RunGate> gates = new ConcurrentHashMap<>();
    /** The deployed workflow each open run was verified to be (see {@link io.braid.catalog.JobVerifier}). */
    private final ConcurrentMap<Long, CompiledWorkflow> deployed = new ConcurrentHashMap<>();
    private GateSettings settings;
    private ResourceLedger ledger;
    private AdaptiveCap cap;
    private Scheduler scheduler;
    private Admission admission;
    private Owner owner;
    private RunMetrics metrics = RunMetrics.NONE;
    /**
     * One daemon thread renews leases, fires timeouts and samples load; another writes records that callers should
     * not wait for. They are apart so that a slow database write never delays a renewal (a lease renewed too late
     * is lost). Both touch no JNDI, transactions or application context, so plain executors are enough on both
     * runtimes and need no extra Liberty feature.
     */
    private ScheduledExecutorService timer;
    private ExecutorService writer;

    @Inject
    Instance<Object> beans;
    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    @Inject
    JobVerifier verifier;
    @Inject
    PartitionClaims claims;
    @Inject
    Secrets secrets;
    /** Braid's database, for the database ledger (braid.ledger=database) only. */
    @Inject
    Instance<Database> database;

    @PostConstruct
    void init() {
        settings = GateSettings.from(ConfigProvider.getConfig());
        admission = new Admission(settings.maxActiveRuns());
        owner = Owner.current(settings.serverId());
        ledger = settings.ledger() == GateSettings.Ledger.DATABASE
                ? new JdbcLedger(database.get().ledgerDataSource(), settings.groups(), settings.lease(), settings.ledgerPoll(),
                settings.clusterCap(), owner.id())
                : new LocalLedger(settings.groups(), settings.lease());
        cap = new AdaptiveCap(settings.adaptive(), settings.serverCap(), LoadSignal.jvm());
        scheduler = new Scheduler(ledger, cap::cap, settings.grace(), settings.agingStep(), Ticker.SYSTEM, Clock.systemUTC());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "braid-gate-heartbeat");
            t.setDaemon(true);
            return t;
        });
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "braid-records");
            t.setDaemon(true);
            return t;
        });
        long beat = Math.max(10, settings.lease().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        if (settings.adaptive().enabled()) {
            long every = settings.adaptive().interval().toMillis();
            timer.scheduleWithFixedDelay(this::sampleLoad, every, every, TimeUnit.MILLISECONDS);
        }
        metrics = RunMetrics.create(beans, cap, scheduler, settings.perTaskMetrics(),
                () -> gates.values().stream().mapToInt(RunGate::waitingForNeeds).sum(), secrets::held);
    }

    private void heartbeat() {
        try {
            Instant now = Instant.now();
            Map<Long, List<String>> byRun = new HashMap<>();
            scheduler.heartbeat().forEach(h -> byRun.computeIfAbsent(h.runId(), k -> new ArrayList<>()).add(h.task()));
            if (!byRun.isEmpty()) {
                later(() -> byRun.forEach((run, tasks) -> recorder.heartbeats(run, tasks, now)));
            }
        } catch (RuntimeException e) {
            // keep beating: one failed renewal must not end all future ones
            Messages.HEARTBEAT_FAILED.log(LOG, e);
        }
    }

    private void sampleLoad() {
        int before = cap.cap();
        if (cap.sample() != before) {
            scheduler.poke();
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
        writer.shutdown();
    }

    public void open(RunGate gate, Collection<GroupSpec> groups) {
        gates.put(gate.runId(), gate);
        scheduler.register(gate, groups);
    }

    /** Opens the gate of a run whose job was verified to be the deployed workflow. */
    public void open(RunGate gate, Collection<GroupSpec> groups, CompiledWorkflow workflow) {
        deployed.put(gate.runId(), workflow);
        open(gate, groups);
    }

    /**
     * The gate of the run a Braid artifact acts in. It exists only if the job was verified when it began (by
     * {@link RunListener}); otherwise the artifact must not act: the refusal is recorded and thrown.
     */
    public RunGate verified(JobContext job) {
        RunGate g = gates.get(job.getInstanceId());
        if (g == null || !deployed.containsKey(job.getInstanceId())) {
            throw refused(job, new UnverifiedJobException("job '" + job.getJobName() + "' was not checked by Braid when it "
                    + "began (a compiled workflow declares the listener " + Artifacts.RUN_LISTENER + "): Braid's artifacts "
                    + "act only in deployed workflows"));
        }
        if (g.refusal() != null) {
            throw new UnverifiedJobException(g.refusal());
        }
        return g;
    }

    /** The task a step of a verified run is, if its properties are the deployed workflow's. */
    public StepSpec verifiedStep(JobContext job, StepContext step) {
        verified(job);
        try {
            return JobVerifier.step(deployed.get(job.getInstanceId()), step.getStepName(), step.getProperties());
        } catch (UnverifiedJobException e) {
            throw refused(job, e);
        }
    }

    /**
     * Records that Braid refused a job: in the job log (this thread's log), and as the run's reason, FAILED; a run
     * in progress is stopped.
     */
    public UnverifiedJobException refused(JobContext job, UnverifiedJobException e) {
        long runId = job.getInstanceId();
        Messages.RUN_REFUSED.log(LOG, runId, job.getExecutionId(), e.getMessage());
        RunGate g = gates.get(runId);
        if (g != null) {
            g.refuse(e.getMessage());
        }
        try {
            recorder.runRefused(runId, job.getExecutionId(), job.getJobName(), "refused: " + e.getMessage(), Instant.now());
        } catch (RuntimeException recordFailed) {
            e.addSuppressed(recordFailed);
        }
        return e;
    }

    /**
     * The task a fan-out partition runs, verified on whichever server runs it, and its index claimed. With Liberty's
     * multi-JVM batch a partition arrives as a message on the cluster's queue, on any server, this one included; what
     * it says is checked against what only the server running its job wrote: the deployed workflow (job and step
     * properties), the parameters its job execution began with (by value), the task granted (RUNNING: the gate here,
     * the shared record elsewhere), and a claim on its index, so each index runs once per execution. A refusal fails
     * the partition only: the run's record is left to the server running its job (a forged or replayed message must
     * not be able to rewrite or stop a run).
     */
    public StepSpec verifiedPartition(JobContext job, StepContext step) {
        long runId = job.getInstanceId();
        String task = step.getStepName();
        try {
            StepSpec spec = JobVerifier.step(verifier.job(job.getJobName(), job.getProperties()), task, step.getProperties());
            String began = claims.parameters(runId, job.getExecutionId()).orElseThrow(() -> new UnverifiedJobException(
                    "job execution " + job.getExecutionId() + " of run " + runId + " is not running: a partition runs only "
                            + "within an execution the server running its job began"));
            if (!began.equals(JobVerifier.parameterDigest(job.getProperties()))) {
                throw new UnverifiedJobException("a partition of task '" + task + "' carries other parameter values than "
                        + "job execution " + job.getExecutionId() + " of run " + runId + " began with");
            }
            RunGate gate = gates.get(runId);
            boolean granted = gate != null ? gate.refusal() == null && gate.status(task) == TaskStatus.RUNNING
                    : explorer.run(runId).flatMap(r -> r.tasks().stream().filter(t -> t.id().equals(task)).findFirst())
                            .map(t -> TaskStatus.RUNNING.name().equals(t.status())).orElse(false);
            if (!granted) {
                throw new UnverifiedJobException("task '" + task + "' of run " + runId
                        + " is not running: a partition runs only for a task Braid's gate started");
            }
            int index = StepSpec.partition(step.getProperties());
            if (!claims.claim(job.getExecutionId(), task, index)) {
                throw new UnverifiedJobException("partition " + index + " of task '" + task + "' already ran in job execution "
                        + job.getExecutionId() + ": each partition runs once (a replayed or duplicated message)");
            }
            return spec;
        } catch (UnverifiedJobException e) {
            Messages.RUN_REFUSED.log(LOG, runId, job.getExecutionId(), e.getMessage()); // in the partition's job log
            throw e;
        }
    }

    /** Runs a task of the application's (e.g. {@code api.ClusterRequests}) on the gate's timer thread, every period. */
    public void every(Duration period, Runnable task) {
        timer.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private record PlanKey(long runId, String task, long executionId) {
    }

    /**
     * Fan-out plans this server read for open runs' partitions (run, task and job execution → the items), so that each
     * partition does not read and parse the whole plan from the records again. Dropped when the run closes here.
     */
    private final Map<PlanKey, JsonArray> plans = new ConcurrentHashMap<>();

    /** The plan of a fan-out task in one job execution, read once with {@code read} while the run is open here. */
    public JsonArray plan(long runId, String task, long executionId, Supplier<JsonArray> read) {
        if (find(runId).isEmpty()) {
            return read.get(); // a partition on a server that does not run its job: nothing closes an entry here
        }
        return plans.computeIfAbsent(new PlanKey(runId, task, executionId), k -> read.get());
    }

    public Optional<RunGate> find(long runId) {
        return Optional.ofNullable(gates.get(runId));
    }

    public RunGate get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException(
                "no gate for run " + runId + ": the job must declare the listener 'braidRunListener'"));
    }

    /** The run's execution ended: releases whatever it still holds. */
    public void close(long runId) {
        gates.remove(runId);
        plans.keySet().removeIf(k -> k.runId() == runId);
        deployed.remove(runId);
        scheduler.unregister(runId);
    }

    public Collection<RunGate> active() {
        return gates.values();
    }

    /** Calls {@link RunGate#timeOut} for the task after its timeout, unless cancelled (the task ended first). */
    public ScheduledFuture<?> watch(RunGate gate, String task, long timeoutMillis) {
        return timer.schedule(() -> gate.timeOut(task), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public RunMetrics metrics() {
        return metrics;
    }

    /**
     * Runs a short record write on the gate's own thread: for callers inside a container transaction (a chunk's
     * listeners on Liberty), where Braid's resource-local records cannot commit, and which should not wait.
     */
    public void later(Runnable write) {
        writer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                Messages.RECORD_WRITE_FAILED.log(LOG, e);
            }
        });
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The server's limit of runs in flight. */
    public Admission admission() {
        return admission;
    }

    /** Who this JVM is in run records. */
    public Owner owner() {
        return owner;
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    public ResourceLedger ledger() {
        return ledger;
    }

    public AdaptiveCap cap() {
        return cap;
    }

    public GateSettings settings() {
        return settings;
    }
}
