package io.braid.api;

import io.braid.catalog.WorkflowCatalog;
import io.braid.compile.CompiledWorkflow;
import io.braid.forecast.Forecast;
import io.braid.forecast.Forecaster;
import io.braid.gate.RunGate;
import io.braid.gate.RunOperations;
import io.braid.gate.ServerGate;
import io.braid.gate.TaskCanceller;
import io.braid.model.Param;
import io.braid.runs.JobRepository;
import io.braid.runs.RootCause;
import io.braid.runs.RunRecorder;
import io.braid.runs.RunExplorer;
import io.braid.runs.RunRequests;
import io.braid.runs.RunStatus;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import io.braid.secrets.Secrets;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.operations.NoSuchJobInstanceException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Starts, stops and restarts runs through the standard JobOperator, so Braid's API, Liberty's batch REST API
 * and Admin Center all act on the same job instances. Run id = job instance id.
 */
@ApplicationScoped
public class RunService implements RunOperations {
    private static final Set<BatchStatus> ACTIVE = Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    @Inject
    WorkflowCatalog catalog;
    @Inject
    RunRecorder recorder;
    @Inject
    RunExplorer explorer;
    @Inject
    RunRequests requests;
    @Inject
    TaskCanceller canceller;
    @Inject
    ServerGate gates;
    @Inject
    Secrets secrets;
    @Inject
    JobRepository repository;

    /** @param submittedBy the caller, recorded with the run */
    @Override
    public Started start(String workflow, Map<String, String> params, String submittedBy) {
        CompiledWorkflow wf = catalog.find(workflow).orElseThrow(() -> ApiException.notFound("workflow '" + workflow + "'"));
        // every check before any secret is sealed: a refused request leaves nothing behind in this server's memory
        for (String name : params.keySet()) {
            if (wf.workflow().param(name).isEmpty()) {
                throw ApiException.badRequest("unknown parameter '" + name + "' for workflow '" + workflow
                        + "'; parameters: " + wf.workflow().params().stream().map(Param::name).toList());
            }
        }
        for (Param p : wf.workflow().params()) {
            if (p.required() && !params.containsKey(p.name())) {
                throw ApiException.badRequest("parameter '" + p.name() + "' is required");
            }
        }
        Properties props = new Properties();
        params.forEach((name, value) -> props.setProperty(name,
                wf.workflow().param(name).orElseThrow().secret() ? secrets.seal(name, value) : value));
        long execution;
        try {
            execution = operator().start(workflow, props);
        } catch (RuntimeException e) {
            secrets.discard(props); // the job was not submitted: its sealed values have no run to open them
            throw e;
        }
        long runId = operator().getJobInstance(execution).getInstanceId();
        secrets.bind(props, runId);
        // recorded at once: a run the API answered for is listed even while it waits, or if its job never starts
        recorder.runSubmitted(runId, execution, workflow, wf.job().needs(), submittedBy, Instant.now());
        return new Started(runId, execution, workflow);
    }

    @Override
    public Started restart(long runId, Map<String, String> params) {
        JobExecution last = lastExecution(runId);
        if (last.getBatchStatus() == BatchStatus.COMPLETED) {
            throw ApiException.conflict("run " + runId + " completed; a completed run cannot be restarted");
        }
        if (ACTIVE.contains(last.getBatchStatus())) {
            throw ApiException.conflict("run " + runId + " is " + last.getBatchStatus() + "; stop it before restarting");
        }
        Properties props = new Properties();
        if (last.getJobParameters() != null) {
            props.putAll(last.getJobParameters());
        }
        CompiledWorkflow wf = catalog.find(last.getJobName()).orElseThrow(() -> ApiException.conflict("run " + runId
                + " is of '" + last.getJobName() + "', which is not a workflow deployed here"));
        // every check before any secret is sealed: a refused restart leaves nothing behind in this server's memory
        for (String name : params.keySet()) {
            if (wf.workflow().param(name).isEmpty()) {
                throw ApiException.badRequest("unknown parameter '" + name + "' for workflow '" + wf.workflow().name()
                        + "'; parameters: " + wf.workflow().params().stream().map(Param::name).toList());
            }
        }
        for (String name : props.stringPropertyNames()) {
            String raw = props.getProperty(name);
            if (Secrets.isSealed(raw) && !secrets.holds(raw) && !params.containsKey(name)) {
                throw ApiException.badRequest("secret parameter '" + name + "' must be given again: this server keeps "
                        + "secrets in memory only while their run is in flight");
            }
        }
        Properties sealedNow = new Properties();
        params.forEach((name, value) -> {
            String v = wf.workflow().param(name).orElseThrow().secret() ? secrets.seal(name, value) : value;
            props.setProperty(name, v);
            sealedNow.setProperty(name, v);
        });
        secrets.reopen(runId);
        secrets.bind(sealedNow, runId);
        long execution;
        try {
            execution = operator().restart(last.getExecutionId(), props);
        } catch (RuntimeException e) {
            secrets.release(runId); // not restarted: the values given for it have no execution to open them
            throw e;
        }
        return new Started(runId, execution, last.getJobName());
    }

    @Override
    public void stop(long runId) {
        JobExecution last = lastExecution(runId);
        if (!ACTIVE.contains(last.getBatchStatus())) {
            throw ApiException.conflict("run " + runId + " is " + last.getBatchStatus() + ", not running");
        }
        if (executesElsewhere(runId)) {
            requests.request(runId, null, Instant.now());
            return;
        }
        gates.find(runId).ifPresent(RunGate::stop);
        operator().stop(last.getExecutionId());
    }

    /**
     * Whether the run executes on another server of a cluster sharing this database: stop and cancel are then passed
     * to that server through the database ({@link ClusterRequests}), since only the JVM running a job holds its gate and
     * its threads.
     */
    private boolean executesElsewhere(long runId) {
        if (gates.find(runId).isPresent()) {
            return false;
        }
        String owner = explorer.inFlight().get(runId);
        return owner != null && !owner.equals(gates.owner().id());
    }

    /**
     * Cancels one task of a running run. The job repository is read first, so Liberty's batch roles decide
     * who may (a batchSubmitter only for their own jobs).
     */
    @Override
    public RunGate.Cancel cancel(long runId, String task) {
        JobExecution last = lastExecution(runId);
        if (ACTIVE.contains(last.getBatchStatus()) && executesElsewhere(runId)) {
            RunView run = view(runId);
            if (run.tasks().stream().noneMatch(t -> t.id().equals(task))) {
                throw ApiException.notFound("task '" + task + "' in run " + runId);
            }
            requests.request(runId, task, Instant.now());
            return RunGate.Cancel.REQUESTED;
        }
        RunGate gate = gates.find(runId).filter(g -> ACTIVE.contains(last.getBatchStatus()))
                .orElseThrow(() -> ApiException.conflict("run " + runId + " is " + last.getBatchStatus() + ", not running"));
        if (gate.status(task) == null) {
            throw ApiException.notFound("task '" + task + "' in run " + runId);
        }
        RunGate.CancelResult r = canceller.cancel(runId, task)
                .orElseThrow(() -> ApiException.conflict("run " + runId + " is not running"));
        if (r.outcome() == RunGate.Cancel.ALREADY_ENDED) {
            throw ApiException.conflict("task '" + task + "' already ended " + gate.status(task));
        }
        return r.outcome();
    }

    @Override
    public Optional<RunView> run(long runId) {
        return explorer.run(runId);
    }

    /** The run record; before the job's listener has written it, a view built from the job repository. */
    public RunView view(long runId) {
        return explorer.run(runId).orElseGet(() -> {
            JobExecution last = lastExecution(runId);
            CompiledWorkflow wf = catalog.find(last.getJobName()).orElse(null);
            List<TaskView> tasks = wf == null ? List.of() : wf.workflow().tasks().stream()
                    .map(t -> new TaskView(t.id(), "PENDING", null, null, 0, null, null)).toList();
            Instant created = last.getCreateTime() == null ? null : last.getCreateTime().toInstant();
            return new RunView(runId, last.getJobName(), last.getBatchStatus().name(), last.getExecutionId(), 1,
                    null, created, null, null, tasks);
        });
    }

    /** A run of a deployed workflow before it starts, from the durations of the workflow's recent completed runs. */
    public Forecast forecast(CompiledWorkflow wf) {
        Map<String, List<Long>> durations = explorer.durations(wf.workflow().name(), gates.settings().history());
        return Forecaster.forecast(wf, durations, runsIn(durations));
    }

    /**
     * For a run in flight whose workflow is deployed here: when its remaining tasks are expected to start and end, as
     * of now, from the durations of the workflow's recent completed runs.
     */
    public Optional<Forecast> forecast(RunView run) {
        if (!RunStatus.QUEUED.name().equals(run.status()) && !RunStatus.RUNNING.name().equals(run.status())) {
            return Optional.empty();
        }
        return catalog.find(run.workflow()).map(wf -> {
            Map<String, List<Long>> durations = explorer.durations(run.workflow(), gates.settings().history());
            return Forecaster.during(wf, run, durations, runsIn(durations), Instant.now());
        });
    }

    /** How many completed runs the durations come from (the most any task has). */
    private static int runsIn(Map<String, List<Long>> durations) {
        return durations.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** Why the run failed, from its record and its workflow's graph (if the workflow is deployed here). */
    public Optional<RootCause> rootCause(RunView run) {
        Optional<CompiledWorkflow> wf = catalog.find(run.workflow());
        Optional<Map<String, List<String>>> needs = !run.needs().isEmpty() ? Optional.of(run.needs())
                : wf.map(c -> { // a run recorded before runs kept their graph
                    Map<String, List<String>> n = new LinkedHashMap<>();
                    c.workflow().tasks().forEach(t -> n.put(t.id(), t.needs()));
                    return n;
                });
        return RootCause.of(run, needs, wf.map(c -> c.workflow().failFast()).orElse(false));
    }

    public List<RunView> list(String workflow, String status, int limit) {
        return explorer.runs(workflow, status, limit);
    }

    /** Those of these runs whose job instance was purged through Liberty (one read of the job repository). */
    public Set<Long> purged(Collection<Long> runIds) {
        Set<Long> gone = new HashSet<>(runIds);
        gone.removeAll(repository.existing(runIds));
        return gone;
    }

    /** What the job repository says of a run for the caller. */
    public enum Access {
        /** the caller may read it (or it has no record at all: reads of it answer 404) */
        READABLE,
        /** submitted by another user, and the caller is a batchSubmitter only */
        ANOTHER_USERS,
        /** its job instance was purged through Liberty: the record stays for administrators only */
        PURGED
    }

    /**
     * What Liberty's batch security and job repository decide for the caller: reading the job instance through the
     * JobOperator fails with JobSecurityException for a batchSubmitter who did not submit it, and with
     * NoSuchJobExecutionException once it was purged.
     */
    public Access access(long runId) {
        try {
            operator().getJobInstance(executionOf(runId));
            return Access.READABLE;
        } catch (JobSecurityException e) {
            return Access.ANOTHER_USERS;
        } catch (NoSuchJobExecutionException e) {
            return Access.PURGED;
        } catch (ApiException e) {
            return Access.READABLE; // no record: unknown runs answer 404 where they are read
        }
    }

    private JobExecution lastExecution(long runId) {
        try {
            JobInstance instance = operator().getJobInstance(executionOf(runId));
            return operator().getJobExecutions(instance).stream()
                    .max(Comparator.comparingLong(JobExecution::getExecutionId))
                    .orElseThrow(() -> ApiException.notFound("run " + runId));
        } catch (NoSuchJobInstanceException | NoSuchJobExecutionException e) {
            throw ApiException.notFound("run " + runId);
        }
    }

    /**
     * Any execution of the instance (the JobOperator API reaches instances only through executions): from Braid's
     * record of the run, or, for a job the server took but has not started yet, among the instances of its job only.
     * A run id the job repository does not have is answered 404 after one indexed read: listing every instance of
     * every job for it would let any caller make the server read its whole job repository, again and again.
     */
    private long executionOf(long runId) {
        return explorer.run(runId).map(RunView::executionId).orElseGet(() -> {
            for (String name : repository.jobNamesOf(runId)) {
                int count = operator().getJobInstanceCount(name);
                for (JobInstance i : operator().getJobInstances(name, 0, count)) {
                    if (i.getInstanceId() == runId) {
                        return operator().getJobExecutions(i).get(0).getExecutionId();
                    }
                }
            }
            throw ApiException.notFound("run " + runId);
        });
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
