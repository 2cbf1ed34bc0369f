package io.braid.runs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Run records in memory, for unit tests without a database or batch runtime: the same answers as the JPA stores
 * ({@code RunRecordsContractTest} runs one scenario against both). Times are kept to the millisecond, as recorded.
 */
public final class MemoryRuns implements RunRecorder, RunExplorer, TaskOutputs, RunRequests {
    private static final String SERVER = "memory";

    private static final class Run {
        long id;
        String workflow;
        RunStatus status;
        long executionId;
        int executions;
        String submittedBy;
        String owner;
        Instant created;
        Instant started;
        Instant ended;
        String reason;
        Map<String, List<String>> needs = Map.of();
        final Map<String, Task> tasks = new LinkedHashMap<>();
    }

    private static final class Task {
        final String id;
        TaskStatus status = TaskStatus.PENDING;
        Instant started;
        Instant ended;
        int attempts;
        String error;
        String waitingFor;
        Instant heartbeat;
        String progress;
        final Map<String, String> outputs = new TreeMap<>();
        final List<Try> tries = new ArrayList<>();

        Task(String id) {
            this.id = id;
        }
    }

    private static final class Try {
        int seq;
        int part;
        long execution;
        String item;
        Instant started;
        Instant ended;
        TaskStatus status;
        String error;

        TaskTry view() {
            return new TaskTry(seq, part, execution, item, started, ended, status.name(), error, SERVER);
        }
    }

    private record Request(long runId, String task, Instant at) {
    }

    private final Map<Long, Run> runs = new TreeMap<>();
    private final List<Request> requests = new ArrayList<>();

    @Override
    public synchronized void executionStarted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                                              Set<String> completed, String owner, Instant at) {
        Instant t = ms(at);
        requests.removeIf(r -> r.runId() == runId);
        Run run = runs.computeIfAbsent(runId, id -> newRun(id, workflow, t));
        run.tasks.values().forEach(k -> k.tries.stream().filter(y -> y.ended == null).forEach(y -> {
            y.ended = t;
            y.status = TaskStatus.STOPPED;
        }));
        run.status = RunStatus.QUEUED;
        run.owner = owner;
        run.needs = new LinkedHashMap<>(needs);
        run.executionId = executionId;
        run.executions++;
        run.started = run.started == null ? t : run.started;
        run.ended = null;
        run.reason = null;
        for (String id : needs.keySet()) {
            Task k = run.tasks.computeIfAbsent(id, Task::new);
            if (completed.contains(id)) {
                k.status = TaskStatus.COMPLETED;
            } else {
                k.status = TaskStatus.PENDING;
                k.ended = null;
            }
            k.waitingFor = null;
        }
    }

    @Override
    public synchronized void runSubmitted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                                          String submittedBy, Instant at) {
        Run run = runs.get(runId);
        if (run != null) {
            run.submittedBy = run.submittedBy == null ? submittedBy : run.submittedBy;
            return;
        }
        run = newRun(runId, workflow, ms(at));
        run.submittedBy = submittedBy;
        run.status = RunStatus.QUEUED;
        run.executionId = executionId;
        run.needs = new LinkedHashMap<>(needs);
        for (String id : needs.keySet()) {
            run.tasks.put(id, new Task(id));
        }
        runs.put(runId, run);
    }

    @Override
    public synchronized void runAdmitted(long runId, Instant at) {
        Run run = runs.get(runId);
        if (run != null && run.status == RunStatus.QUEUED) {
            run.status = RunStatus.RUNNING;
        }
    }

    @Override
    public synchronized void lost(Collection<Long> runIds, String reason, Instant at) {
        Instant t = ms(at);
        for (long id : runIds) {
            Run run = runs.get(id);
            if (run == null) {
                continue;
            }
            for (Task k : run.tasks.values()) {
                k.tries.stream().filter(y -> y.ended == null).forEach(y -> {
                    y.ended = t;
                    y.status = TaskStatus.STOPPED;
                    y.error = reason;
                });
                if (!k.status.isEnd()) {
                    k.error = k.status == TaskStatus.RUNNING ? reason : k.error;
                    k.status = TaskStatus.STOPPED;
                    k.waitingFor = null;
                    k.ended = t;
                }
            }
            if (!run.status.isEnd()) {
                run.status = RunStatus.FAILED;
                run.ended = t;
                run.reason = reason;
            }
        }
    }

    @Override
    public synchronized void taskWaiting(long runId, String task, String reason) {
        task(runId, task).ifPresent(k -> {
            k.status = TaskStatus.WAITING;
            k.waitingFor = reason;
        });
    }

    @Override
    public synchronized void taskStarted(long runId, String task, long executionId, Instant at) {
        Instant t = ms(at);
        task(runId, task).ifPresent(k -> {
            k.status = TaskStatus.RUNNING;
            k.waitingFor = null;
            k.attempts++;
            k.started = t;
            k.heartbeat = t;
            k.progress = null;
            k.ended = null;
            k.error = null;
            k.tries.add(newTry(k.attempts, -1, executionId, null, t));
        });
    }

    @Override
    public synchronized void taskEnded(long runId, String task, TaskStatus status, Instant at, String error) {
        Instant t = ms(at);
        String message = error == null ? null : Records.truncate(error);
        task(runId, task).ifPresent(k -> {
            k.status = status;
            k.waitingFor = null;
            k.ended = t;
            k.error = message;
            endOpen(k, -1, status, t, message);
        });
    }

    @Override
    public synchronized void heartbeats(long runId, Collection<String> tasks, Instant at) {
        tasks.forEach(id -> task(runId, id).filter(k -> k.status == TaskStatus.RUNNING).ifPresent(k -> k.heartbeat = ms(at)));
    }

    @Override
    public synchronized void taskProgress(long runId, String task, String json, Instant at) {
        task(runId, task).ifPresent(k -> {
            k.progress = json.length() > 1000 ? json.substring(0, 1000) : json;
            k.heartbeat = ms(at);
        });
    }

    @Override
    public synchronized void taskRetried(long runId, String task, int partition, String error) {
        Instant now = ms(Instant.now());
        String message = error == null ? null : Records.truncate(error);
        task(runId, task).ifPresent(k -> {
            k.attempts++;
            k.error = message;
            long execution = endOpen(k, partition, TaskStatus.FAILED, now, message);
            k.tries.add(newTry(partition < 0 ? k.attempts : nextSeq(k, partition), partition, execution, null, now));
        });
    }

    @Override
    public synchronized void partitionStarted(long runId, String task, int partition, String item, long executionId, Instant at) {
        String shown = item == null || item.length() <= 256 ? item : item.substring(0, 255) + "…";
        task(runId, task).ifPresent(k -> k.tries.add(newTry(nextSeq(k, partition), partition, executionId, shown, ms(at))));
    }

    @Override
    public synchronized void partitionEnded(long runId, String task, int partition, TaskStatus status, Instant at, String error) {
        task(runId, task).ifPresent(k -> endOpen(k, partition, status, ms(at), error == null ? null : Records.truncate(error)));
    }

    @Override
    public synchronized void tasksEnded(long runId, Collection<String> tasks, TaskStatus status, Instant at) {
        tasks.forEach(id -> task(runId, id).ifPresent(k -> {
            k.status = status;
            k.waitingFor = null;
            k.ended = ms(at);
        }));
    }

    @Override
    public synchronized void executionEnded(long runId, RunStatus status, Instant at, String reason) {
        Run run = runs.get(runId);
        if (run != null) {
            run.status = status;
            run.ended = ms(at);
            run.reason = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
        }
    }

    @Override
    public synchronized void runRefused(long runId, long executionId, String workflow, String reason, Instant at) {
        Instant t = ms(at);
        Run run = runs.computeIfAbsent(runId, id -> {
            Run r = newRun(id, workflow.length() > 64 ? workflow.substring(0, 64) : workflow, t);
            r.started = t;
            r.executionId = executionId;
            r.executions = 1;
            return r;
        });
        run.status = RunStatus.FAILED;
        run.ended = t;
        run.reason = reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
    }

    @Override
    public synchronized Map<Long, String> inFlight() {
        Map<Long, String> out = new LinkedHashMap<>();
        runs.values().stream().filter(r -> !r.status.isEnd()).forEach(r -> out.put(r.id, r.owner));
        return out;
    }

    @Override
    public synchronized Optional<String> failedPartition(long runId, String task, long executionId) {
        return task(runId, task).flatMap(k -> k.tries.stream()
                .filter(y -> y.part >= 0 && y.execution == executionId && y.status == TaskStatus.FAILED)
                .min(Comparator.comparing((Try y) -> y.ended).thenComparingInt(y -> y.part))
                .map(y -> "partition " + y.part + ": " + y.error));
    }

    @Override
    public synchronized Optional<RunView> run(long runId) {
        return Optional.ofNullable(runs.get(runId)).map(r -> view(r, true));
    }

    @Override
    public synchronized List<RunView> runs(String workflow, String status, int limit) {
        return runs.values().stream().sorted(Comparator.comparingLong((Run r) -> r.id).reversed())
                .filter(r -> workflow == null || r.workflow.equals(workflow))
                .filter(r -> status == null || r.status.name().equals(status))
                .limit(limit).map(r -> view(r, false)).toList();
    }

    @Override
    public synchronized Map<String, Long> medianDurations(String workflow, int count) {
        return JpaRunExplorer.medians(durations(workflow, count));
    }

    @Override
    public synchronized Map<String, List<Long>> durations(String workflow, int count) {
        Map<String, List<Long>> durations = new TreeMap<>();
        runs.values().stream().sorted(Comparator.comparingLong((Run r) -> r.id).reversed())
                .filter(r -> r.workflow.equals(workflow) && r.status == RunStatus.COMPLETED).limit(Math.max(0, count))
                .flatMap(r -> r.tasks.values().stream())
                .filter(k -> k.status == TaskStatus.COMPLETED && k.started != null && k.ended != null)
                .forEach(k -> durations.computeIfAbsent(k.id, x -> new ArrayList<>())
                        .add(k.ended.toEpochMilli() - k.started.toEpochMilli()));
        return durations;
    }

    @Override
    public synchronized void outputsPublished(long runId, String task, Map<String, String> jsonValues) {
        task(runId, task).ifPresent(k -> {
            k.outputs.clear();
            k.outputs.putAll(jsonValues);
        });
    }

    @Override
    public synchronized void outputsMerged(long runId, String task, Map<String, String> jsonValues) {
        task(runId, task).ifPresent(k -> k.outputs.putAll(jsonValues));
    }

    @Override
    public synchronized Map<String, String> outputs(long runId, String task) {
        return task(runId, task).map(k -> (Map<String, String>) new TreeMap<>(k.outputs)).orElseGet(TreeMap::new);
    }

    @Override
    public synchronized void request(long runId, String task, Instant at) {
        String key = task == null ? "" : task;
        requests.removeIf(r -> r.runId() == runId && r.task().equals(key));
        requests.add(new Request(runId, key, ms(at)));
    }

    @Override
    public synchronized Map<Long, List<String>> takeRequests(Collection<Long> runIds) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        requests.stream().filter(r -> runIds.contains(r.runId())).sorted(Comparator.comparing(Request::at))
                .forEach(r -> out.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r.task()));
        requests.removeIf(r -> runIds.contains(r.runId()));
        return out;
    }

    private static Instant ms(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Run newRun(long id, String workflow, Instant at) {
        Run run = new Run();
        run.id = id;
        run.workflow = workflow;
        run.created = at;
        return run;
    }

    private Optional<Task> task(long runId, String task) {
        return Optional.ofNullable(runs.get(runId)).map(r -> r.tasks.get(task));
    }

    private static Try newTry(int seq, int part, long execution, String item, Instant at) {
        Try y = new Try();
        y.seq = seq;
        y.part = part;
        y.execution = execution;
        y.item = item;
        y.started = at;
        y.status = TaskStatus.RUNNING;
        return y;
    }

    private static int nextSeq(Task k, int part) {
        return k.tries.stream().filter(y -> y.part == part).mapToInt(y -> y.seq).max().orElse(0) + 1;
    }

    /** Ends the open try of the task ({@code part} -1) or of one partition; returns its execution (0 if none). */
    private static long endOpen(Task k, int part, TaskStatus status, Instant at, String error) {
        long execution = 0;
        for (Try y : k.tries) {
            if (y.part == part && y.ended == null) {
                y.ended = at;
                y.status = status;
                y.error = error;
                execution = y.execution;
            }
        }
        return execution;
    }

    private static RunView view(Run r, boolean whole) {
        List<TaskView> tasks = r.tasks.values().stream().map(k -> new TaskView(k.id, k.status.name(), k.started, k.ended,
                k.attempts, k.error, k.waitingFor, whole ? k.outputs : Map.of(), k.heartbeat, k.progress,
                whole ? tries(k, true) : List.of(), whole ? tries(k, false) : List.of())).toList();
        return new RunView(r.id, r.workflow, r.status == null ? null : r.status.name(), r.executionId, r.executions,
                r.submittedBy, r.created, r.started, r.ended, tasks, r.needs, r.reason);
    }

    private static List<TaskTry> tries(Task k, boolean own) {
        List<TaskTry> out = k.tries.stream().filter(y -> own == (y.part < 0))
                .sorted(Comparator.comparingInt((Try y) -> y.part).thenComparingInt(y -> y.seq)).map(Try::view).toList();
        return out.isEmpty() ? null : out;
    }
}
