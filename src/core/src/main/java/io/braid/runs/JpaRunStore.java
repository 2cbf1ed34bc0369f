package io.braid.runs;

import io.braid.config.ConfigValues;
import io.braid.job.JobSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link RunStore} on Jakarta Persistence, short resource-local transactions. The per-task writes go behind, through
 * one writer ({@link WriteBehind}); every other write and every read waits for those queued before it.
 */
@ApplicationScoped
public class JpaRunStore implements RunStore {
    private static final int MAX_ERROR = 4000;
    /** A run whose execution waits to be admitted (or has not reached its job yet). */
    static final String QUEUED = "QUEUED";

    @Inject
    Database database;
    /** This JVM in the tries it records: with Liberty's multi-JVM batch, a run's partitions run on several servers. */
    private final String server = Owner.current(ConfigValues.current().raw("braid.server.id")).id();
    private final WriteBehind behind = new WriteBehind(() -> database.dataSource(), "braid-records-writer");

    @PreDestroy
    void close() {
        behind.close();
    }

    @Override
    public void flush() {
        behind.flush();
    }

    @Override
    public void executionStarted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                                 Set<String> completed, String owner, Instant at) {
        behind.flush();
        List<String> taskIds = List.copyOf(needs.keySet());
        inTransactionOnce(em -> {
            // tries left open by a JVM that died end where the new execution starts (a bulk update flushes
            // pending changes, so it comes first)
            em.createQuery("UPDATE TryEntity y SET y.endedAt = :at, y.status = 'STOPPED' WHERE y.runId = :run AND y.endedAt IS NULL")
                    .setParameter("at", at.toEpochMilli()).setParameter("run", runId).executeUpdate();
            // a stop or cancel asked of an earlier execution (one that ended before its server took it) is not this one's
            em.createNativeQuery("DELETE FROM BRAID.RUN_REQUEST WHERE RUN_ID = ?").setParameter(1, runId).executeUpdate();
            RunEntity run = em.find(RunEntity.class, runId, LockModeType.PESSIMISTIC_WRITE);
            if (run == null) {
                run = new RunEntity();
                run.id = runId;
                run.workflow = workflow;
                run.createdAt = at.toEpochMilli();
                em.persist(run);
            }
            run.status = QUEUED;
            run.owner = owner;
            run.dag = JobSpec.encodeNeeds(needs);
            run.executionId = executionId;
            run.executions++;
            run.startedAt = run.startedAt == null ? at.toEpochMilli() : run.startedAt;
            run.endedAt = null;
            run.reason = null;
            Map<String, TaskEntity> existing = new LinkedHashMap<>();
            for (TaskEntity t : tasksOf(em, runId)) {
                existing.put(t.taskId, t);
            }
            for (int i = 0; i < taskIds.size(); i++) {
                String id = taskIds.get(i);
                TaskEntity t = existing.get(id);
                if (t == null) {
                    t = new TaskEntity();
                    t.runId = runId;
                    t.taskId = id;
                    t.position = i;
                    t.status = TaskStatus.PENDING.name();
                    em.persist(t);
                }
                if (completed.contains(id)) {
                    t.status = TaskStatus.COMPLETED.name();
                } else {
                    t.status = TaskStatus.PENDING.name();
                    t.endedAt = null;
                }
                t.waitingFor = null;
            }
            return null;
        });
    }

    @Override
    public void runSubmitted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                             String submittedBy, Instant at) {
        behind.flush();
        inTransactionOnce(em -> {
            RunEntity run = em.find(RunEntity.class, runId, LockModeType.PESSIMISTIC_WRITE);
            if (run != null) { // its job got there first
                if (run.submittedBy == null) {
                    run.submittedBy = submittedBy;
                }
                return null;
            }
            run = new RunEntity();
            run.id = runId;
            run.workflow = workflow;
            run.submittedBy = submittedBy;
            run.createdAt = at.toEpochMilli();
            run.status = QUEUED;
            run.executionId = executionId;
            run.dag = JobSpec.encodeNeeds(needs);
            em.persist(run);
            int i = 0;
            for (String id : needs.keySet()) {
                TaskEntity t = new TaskEntity();
                t.runId = runId;
                t.taskId = id;
                t.position = i++;
                t.status = TaskStatus.PENDING.name();
                em.persist(t);
            }
            return null;
        });
    }

    @Override
    public void runAdmitted(long runId, Instant at) {
        behind.flush();
        inTransaction(em -> em.createQuery("UPDATE RunEntity r SET r.status = 'RUNNING' WHERE r.id = :r AND r.status = :q")
                .setParameter("r", runId).setParameter("q", QUEUED).executeUpdate());
    }

    @Override
    public void request(long runId, String task, Instant at) {
        behind.flush();
        String key = task == null ? "" : task;
        inTransaction(em -> {
            em.createNativeQuery("DELETE FROM BRAID.RUN_REQUEST WHERE RUN_ID = ? AND TASK_ID = ?")
                    .setParameter(1, runId).setParameter(2, key).executeUpdate();
            em.createNativeQuery("INSERT INTO BRAID.RUN_REQUEST (RUN_ID, TASK_ID, REQUESTED_AT) VALUES (?, ?, ?)")
                    .setParameter(1, runId).setParameter(2, key).setParameter(3, at.toEpochMilli()).executeUpdate();
            return null;
        });
    }

    @Override
    public Map<Long, List<String>> takeRequests(Collection<Long> runIds) {
        behind.flush();
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        inTransaction(em -> {
            String in = runIds.stream().map(String::valueOf).collect(Collectors.joining(","));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT RUN_ID, TASK_ID FROM BRAID.RUN_REQUEST WHERE RUN_ID IN (" + in
                    + ") ORDER BY REQUESTED_AT").getResultList();
            for (Object[] row : rows) {
                out.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>()).add((String) row[1]);
            }
            if (!rows.isEmpty()) {
                em.createNativeQuery("DELETE FROM BRAID.RUN_REQUEST WHERE RUN_ID IN (" + in + ")").executeUpdate();
            }
            return null;
        });
        return out;
    }

    @Override
    public Map<Long, String> inFlight() {
        behind.flush();
        return read(em -> {
            Map<Long, String> out = new LinkedHashMap<>();
            em.createQuery("SELECT r FROM RunEntity r WHERE r.status IN ('QUEUED', 'RUNNING')", RunEntity.class)
                    .getResultList().forEach(r -> out.put(r.id, r.owner));
            return out;
        });
    }

    @Override
    public void lost(Collection<Long> runIds, String reason, Instant at) {
        if (runIds.isEmpty()) {
            return;
        }
        behind.flush();
        inTransaction(em -> {
            em.createQuery("UPDATE TryEntity y SET y.endedAt = :at, y.status = 'STOPPED', y.error = :reason "
                            + "WHERE y.runId IN :runs AND y.endedAt IS NULL")
                    .setParameter("at", at.toEpochMilli()).setParameter("reason", reason).setParameter("runs", runIds).executeUpdate();
            em.createQuery("UPDATE TaskEntity t SET t.status = 'STOPPED', t.waitingFor = NULL, t.endedAt = :at, "
                            + "t.error = CASE WHEN t.status = 'RUNNING' THEN :reason ELSE t.error END "
                            + "WHERE t.runId IN :runs AND t.status IN ('PENDING', 'WAITING', 'RUNNING')")
                    .setParameter("at", at.toEpochMilli()).setParameter("reason", reason).setParameter("runs", runIds).executeUpdate();
            em.createQuery("UPDATE RunEntity r SET r.status = 'FAILED', r.endedAt = :at, r.reason = :reason "
                            + "WHERE r.id IN :runs AND r.status IN ('QUEUED', 'RUNNING')")
                    .setParameter("at", at.toEpochMilli()).setParameter("reason", reason).setParameter("runs", runIds).executeUpdate();
            return null;
        });
    }

    // The per-task changes below are on every task's path: statements without a read, queued behind (WriteBehind).

    @Override
    public void taskWaiting(long runId, String task, String reason) {
        behind.submit(db -> db.update("UPDATE BRAID.TASK_RUN SET STATUS = 'WAITING', WAITING_FOR = ? WHERE RUN_ID = ? AND TASK_ID = ?",
                reason, runId, task));
    }

    @Override
    public void taskStarted(long runId, String task, long executionId, Instant at) {
        long ms = at.toEpochMilli();
        behind.submit(db -> {
            db.update("UPDATE BRAID.TASK_RUN SET STATUS = 'RUNNING', WAITING_FOR = NULL, ATTEMPTS = ATTEMPTS + 1, "
                    + "EXECUTION_ID = ?, STARTED_AT = ?, HEARTBEAT_AT = ?, PROGRESS = NULL, ENDED_AT = NULL, ERROR = NULL "
                    + "WHERE RUN_ID = ? AND TASK_ID = ?", executionId, ms, ms, runId, task);
            db.update(START_TASK_TRY, ms, server, runId, task);
        });
    }

    @Override
    public void taskEnded(long runId, String task, TaskStatus status, Instant at, String error) {
        long ms = at.toEpochMilli();
        String message = error == null ? null : truncate(error);
        behind.submit(db -> {
            db.update("UPDATE BRAID.TASK_RUN SET STATUS = ?, WAITING_FOR = NULL, ENDED_AT = ?, ERROR = ? "
                    + "WHERE RUN_ID = ? AND TASK_ID = ?", status.name(), ms, message, runId, task);
            db.update(END_TASK_TRY, ms, status.name(), message, runId, task);
        });
    }

    @Override
    public void heartbeats(long runId, Collection<String> tasks, Instant at) {
        long ms = at.toEpochMilli();
        List<String> running = List.copyOf(tasks);
        behind.submit(db -> {
            for (String task : running) {
                db.update("UPDATE BRAID.TASK_RUN SET HEARTBEAT_AT = ? WHERE RUN_ID = ? AND TASK_ID = ? AND STATUS = 'RUNNING'",
                        ms, runId, task);
            }
        });
    }

    @Override
    public void taskProgress(long runId, String task, String json, Instant at) {
        String progress = json.length() > 1000 ? json.substring(0, 1000) : json;
        long ms = at.toEpochMilli();
        behind.submit(db -> db.update("UPDATE BRAID.TASK_RUN SET PROGRESS = ?, HEARTBEAT_AT = ? WHERE RUN_ID = ? AND TASK_ID = ?",
                progress, ms, runId, task));
    }

    @Override
    public void taskRetried(long runId, String task, int partition, String error) {
        behind.flush();
        Map<String, Object> params = new HashMap<>();
        params.put("error", error == null ? null : truncate(error));
        Instant now = Instant.now();
        inTransaction(em -> {
            updateTask(em, runId, task, "t.attempts = t.attempts + 1, t.error = :error", params);
            // the next try begins now: its bar includes the retry delay
            if (partition < 0) {
                endTaskTry(em, runId, task, "FAILED", now, params.get("error"));
                startTaskTry(em, runId, task, now);
            } else {
                openTry(em, runId, task, partition, null, closeTry(em, runId, task, partition, "FAILED", now, params.get("error")), now);
            }
            return null;
        });
    }

    @Override
    public void partitionStarted(long runId, String task, int partition, String item, long executionId, Instant at) {
        String shown = item == null || item.length() <= 256 ? item : item.substring(0, 255) + "…";
        long ms = at.toEpochMilli();
        // numbered after the partition's earlier tries (one per restart or retry)
        behind.submit(db -> db.update("INSERT INTO BRAID.TASK_TRY (RUN_ID, TASK_ID, PART, SEQ, EXECUTION_ID, ITEM, STARTED_AT, STATUS, SERVER) "
                + "SELECT ?, ?, ?, COALESCE(MAX(SEQ), 0) + 1, ?, ?, ?, 'RUNNING', ? FROM BRAID.TASK_TRY "
                + "WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ?", runId, task, partition, executionId, shown, ms, server,
                runId, task, partition));
    }

    @Override
    public void partitionEnded(long runId, String task, int partition, TaskStatus status, Instant at, String error) {
        String message = error == null ? null : truncate(error);
        long ms = at.toEpochMilli();
        behind.submit(db -> db.update("UPDATE BRAID.TASK_TRY SET ENDED_AT = ?, STATUS = ?, ERROR = ? WHERE RUN_ID = ? "
                + "AND TASK_ID = ? AND PART = ? AND ENDED_AT IS NULL", ms, status.name(), message, runId, task, partition));
    }

    @Override
    public Optional<String> failedPartition(long runId, String task, long executionId) {
        behind.flush();
        return read(em -> em.createQuery("SELECT y FROM TryEntity y WHERE y.runId = :run AND y.taskId = :task AND y.part >= 0 "
                        + "AND y.executionId = :exec AND y.status = 'FAILED' ORDER BY y.endedAt, y.part", TryEntity.class)
                .setParameter("run", runId).setParameter("task", task).setParameter("exec", executionId).setMaxResults(1)
                .getResultList().stream().findFirst().map(y -> "partition " + y.part + ": " + y.error));
    }

    private static int updateTask(EntityManager em, long runId, String task, String set, Map<String, Object> params) {
        Query q = em.createQuery(
                "UPDATE TaskEntity t SET " + set + " WHERE t.runId = :run AND t.taskId = :task");
        q.setParameter("run", runId);
        q.setParameter("task", task);
        params.forEach(q::setParameter);
        return q.executeUpdate();
    }

    // A task's own tries are on every task's path: one statement each, numbered by the task's attempts.

    /** A task's try, numbered by its attempts: (started at, server, run, task). */
    private static final String START_TASK_TRY = "INSERT INTO BRAID.TASK_TRY (RUN_ID, TASK_ID, PART, SEQ, EXECUTION_ID, "
            + "STARTED_AT, STATUS, SERVER) SELECT RUN_ID, TASK_ID, -1, ATTEMPTS, EXECUTION_ID, ?, 'RUNNING', ? "
            + "FROM BRAID.TASK_RUN WHERE RUN_ID = ? AND TASK_ID = ?";
    /** Ends a task's open try: (ended at, status, error, run, task). */
    private static final String END_TASK_TRY = "UPDATE BRAID.TASK_TRY SET ENDED_AT = ?, STATUS = ?, ERROR = ? "
            + "WHERE RUN_ID = ? AND TASK_ID = ? AND PART = -1 AND ENDED_AT IS NULL";

    private void startTaskTry(EntityManager em, long runId, String task, Instant at) {
        em.createNativeQuery(START_TASK_TRY).setParameter(1, at.toEpochMilli()).setParameter(2, server)
                .setParameter(3, runId).setParameter(4, task).executeUpdate();
    }

    private static void endTaskTry(EntityManager em, long runId, String task, String status, Instant at, Object error) {
        em.createNativeQuery(END_TASK_TRY).setParameter(1, at.toEpochMilli()).setParameter(2, status).setParameter(3, error)
                .setParameter(4, runId).setParameter(5, task).executeUpdate();
    }

    private TryEntity openTry(EntityManager em, long runId, String task, int part, String item, long executionId, Instant at) {
        Integer last = em.createQuery("SELECT MAX(y.seq) FROM TryEntity y WHERE y.runId = :run AND y.taskId = :task "
                        + "AND y.part = :part", Integer.class)
                .setParameter("run", runId).setParameter("task", task).setParameter("part", part).getSingleResult();
        TryEntity y = new TryEntity();
        y.runId = runId;
        y.taskId = task;
        y.part = part;
        y.seq = last == null ? 1 : last + 1;
        y.executionId = executionId;
        y.item = item == null || item.length() <= 256 ? item : item.substring(0, 255) + "…";
        y.startedAt = at.toEpochMilli();
        y.status = TaskStatus.RUNNING.name();
        y.server = server;
        em.persist(y);
        return y;
    }

    /** Ends the open try of a partition; returns its job execution (0 if none was open). */
    private static long closeTry(EntityManager em, long runId, String task, int part, String status, Instant at, Object error) {
        List<TryEntity> open = em.createQuery("SELECT y FROM TryEntity y WHERE y.runId = :run AND y.taskId = :task "
                        + "AND y.part = :part AND y.endedAt IS NULL", TryEntity.class)
                .setParameter("run", runId).setParameter("task", task).setParameter("part", part).getResultList();
        long execution = 0;
        for (TryEntity y : open) {
            y.endedAt = at.toEpochMilli();
            y.status = status;
            y.error = (String) error;
            execution = y.executionId;
        }
        return execution;
    }

    @Override
    public void tasksEnded(long runId, Collection<String> tasks, TaskStatus status, Instant at) {
        if (tasks.isEmpty()) {
            return;
        }
        behind.flush();
        inTransaction(em -> {
            for (String task : tasks) {
                TaskEntity t = em.find(TaskEntity.class, new TaskEntity.Key(runId, task));
                if (t != null) {
                    t.status = status.name();
                    t.waitingFor = null;
                    t.endedAt = at.toEpochMilli();
                }
            }
            return null;
        });
    }

    @Override
    public void executionEnded(long runId, String status, Instant at, String reason) {
        behind.flush();
        inTransaction(em -> {
            RunEntity run = em.find(RunEntity.class, runId);
            if (run != null) {
                run.status = status;
                run.endedAt = at.toEpochMilli();
                run.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
            }
            return null;
        });
    }

    @Override
    public void runRefused(long runId, long executionId, String workflow, String reason, Instant at) {
        behind.flush();
        inTransaction(em -> {
            RunEntity run = em.find(RunEntity.class, runId, LockModeType.PESSIMISTIC_WRITE);
            if (run == null) {
                run = new RunEntity();
                run.id = runId;
                run.workflow = workflow.length() > 64 ? workflow.substring(0, 64) : workflow;
                run.createdAt = at.toEpochMilli();
                run.startedAt = at.toEpochMilli();
                run.executionId = executionId;
                run.executions = 1;
                em.persist(run);
            }
            run.status = "FAILED";
            run.endedAt = at.toEpochMilli();
            run.reason = reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
            return null;
        });
    }

    @Override
    public Optional<RunView> run(long runId) {
        behind.flush();
        return read(em -> Optional.ofNullable(em.find(RunEntity.class, runId)).map(r -> {
            Map<String, Map<String, String>> outputs = new HashMap<>();
            em.createQuery("SELECT o FROM OutputEntity o WHERE o.runId = :r", OutputEntity.class).setParameter("r", runId)
                    .getResultList().forEach(o -> outputs.computeIfAbsent(o.taskId, k -> new HashMap<>()).put(o.name, o.valueJson));
            Map<String, List<TaskTry>> tries = new HashMap<>();
            Map<String, List<TaskTry>> partitions = new HashMap<>();
            em.createQuery("SELECT y FROM TryEntity y WHERE y.runId = :r ORDER BY y.part, y.seq", TryEntity.class)
                    .setParameter("r", runId).getResultList()
                    .forEach(y -> (y.part < 0 ? tries : partitions).computeIfAbsent(y.taskId, k -> new ArrayList<>())
                            .add(new TaskTry(y.seq, y.part, y.executionId, y.item, instant(y.startedAt), instant(y.endedAt), y.status, y.error, y.server)));
            return view(r, tasksOf(em, runId), outputs, tries, partitions);
        }));
    }

    @Override
    public List<RunView> runs(String workflow, String status, int limit) {
        behind.flush();
        return read(em -> {
            TypedQuery<RunEntity> q = em.createQuery("SELECT r FROM RunEntity r WHERE (:w IS NULL OR r.workflow = :w) "
                    + "AND (:s IS NULL OR r.status = :s) ORDER BY r.id DESC", RunEntity.class);
            q.setParameter("w", workflow);
            q.setParameter("s", status);
            q.setMaxResults(limit);
            List<RunEntity> found = q.getResultList();
            if (found.isEmpty()) {
                return List.<RunView>of();
            }
            // all their tasks in one query (the dashboard lists up to 100 runs every few seconds)
            Map<Long, List<TaskEntity>> tasks = new HashMap<>();
            em.createQuery("SELECT t FROM TaskEntity t WHERE t.runId IN :ids ORDER BY t.runId, t.position", TaskEntity.class)
                    .setParameter("ids", found.stream().map(r -> r.id).toList()).getResultList()
                    .forEach(t -> tasks.computeIfAbsent(t.runId, k -> new ArrayList<>()).add(t));
            return found.stream().map(r -> view(r, tasks.getOrDefault(r.id, List.of()), Map.of(), Map.of(), Map.of())).toList();
        });
    }

    @Override
    public void outputsPublished(long runId, String task, Map<String, String> jsonValues) {
        // behind as well: the tasks that read them start later on this server, and every read flushes first
        Map<String, String> values = new LinkedHashMap<>(jsonValues);
        behind.submit(db -> {
            db.update("DELETE FROM BRAID.TASK_OUTPUT WHERE RUN_ID = ? AND TASK_ID = ?", runId, task);
            for (Map.Entry<String, String> v : values.entrySet()) {
                db.update("INSERT INTO BRAID.TASK_OUTPUT (RUN_ID, TASK_ID, NAME, VALUE_JSON) VALUES (?, ?, ?, ?)",
                        runId, task, v.getKey(), v.getValue());
            }
        });
    }

    @Override
    public void outputsMerged(long runId, String task, Map<String, String> jsonValues) {
        // behind: the fan-out's reducer reads them after its partitions ended, and a partition that ran on another
        // server flushes its writes before it ends (RunningTask.tracked)
        Map<String, String> values = new LinkedHashMap<>(jsonValues);
        behind.submit(db -> {
            for (Map.Entry<String, String> v : values.entrySet()) {
                if (db.update("UPDATE BRAID.TASK_OUTPUT SET VALUE_JSON = ? WHERE RUN_ID = ? AND TASK_ID = ? AND NAME = ?",
                        v.getValue(), runId, task, v.getKey()) == 0) {
                    db.update("INSERT INTO BRAID.TASK_OUTPUT (RUN_ID, TASK_ID, NAME, VALUE_JSON) VALUES (?, ?, ?, ?)",
                            runId, task, v.getKey(), v.getValue());
                }
            }
        });
    }

    @Override
    public Map<String, String> outputs(long runId, String task) {
        behind.flush();
        return read(em -> {
            Map<String, String> out = new TreeMap<>();
            em.createQuery("SELECT o FROM OutputEntity o WHERE o.runId = :r AND o.taskId = :t", OutputEntity.class)
                    .setParameter("r", runId).setParameter("t", task).getResultList()
                    .forEach(o -> out.put(o.name, o.valueJson));
            return out;
        });
    }

    @Override
    public Optional<String> output(long runId, String task, String name) {
        behind.flush();
        return read(em -> em.createQuery("SELECT o.valueJson FROM OutputEntity o WHERE o.runId = :r AND o.taskId = :t "
                        + "AND o.name = :n", String.class)
                .setParameter("r", runId).setParameter("t", task).setParameter("n", name).getResultList().stream().findFirst());
    }

    @Override
    public Map<String, Long> medianDurations(String workflow, int runs) {
        behind.flush();
        if (runs <= 0) {
            return Map.of();
        }
        return read(em -> {
            List<Long> ids = em.createQuery("SELECT r.id FROM RunEntity r WHERE r.workflow = :w AND r.status = 'COMPLETED' "
                    + "ORDER BY r.id DESC", Long.class).setParameter("w", workflow).setMaxResults(runs).getResultList();
            if (ids.isEmpty()) {
                return Map.of();
            }
            Map<String, List<Long>> durations = new HashMap<>();
            em.createQuery("SELECT t FROM TaskEntity t WHERE t.runId IN :ids AND t.status = 'COMPLETED' "
                            + "AND t.startedAt IS NOT NULL AND t.endedAt IS NOT NULL", TaskEntity.class)
                    .setParameter("ids", ids).getResultList()
                    .forEach(t -> durations.computeIfAbsent(t.taskId, k -> new ArrayList<>()).add(t.endedAt - t.startedAt));
            Map<String, Long> medians = new HashMap<>();
            durations.forEach((task, d) -> {
                d.sort(null);
                int n = d.size();
                medians.put(task, n % 2 == 1 ? d.get(n / 2) : (d.get(n / 2 - 1) + d.get(n / 2)) / 2);
            });
            return medians;
        });
    }

    private static List<TaskEntity> tasksOf(EntityManager em, long runId) {
        return em.createQuery("SELECT t FROM TaskEntity t WHERE t.runId = :r ORDER BY t.position", TaskEntity.class)
                .setParameter("r", runId).getResultList();
    }

    private static RunView view(RunEntity r, List<TaskEntity> tasks, Map<String, Map<String, String>> outputs,
                                Map<String, List<TaskTry>> tries, Map<String, List<TaskTry>> partitions) {
        return new RunView(r.id, r.workflow, r.status, r.executionId, r.executions, r.submittedBy,
                instant(r.createdAt), instant(r.startedAt), instant(r.endedAt),
                tasks.stream().map(t -> new TaskView(t.taskId, t.status, instant(t.startedAt), instant(t.endedAt),
                        t.attempts, t.error, t.waitingFor, outputs.get(t.taskId), instant(t.heartbeatAt), t.progress,
                        tries.get(t.taskId), partitions.get(t.taskId))).toList(),
                r.dag == null ? null : graph(r.dag), r.reason);
    }

    /** The graph a run executed with: JSON, or the {@code id:need,need;…} of runs recorded before version 7. */
    private static Map<String, List<String>> graph(String stored) {
        if (stored.startsWith("{")) {
            return JobSpec.decodeNeeds(stored);
        }
        Map<String, List<String>> dag = new LinkedHashMap<>();
        for (String entry : stored.split(";")) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                String rest = entry.substring(colon + 1);
                dag.put(entry.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split(",")));
            }
        }
        return dag;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
    }

    private <T> T read(Function<EntityManager, T> work) {
        EntityManager em = database.emf().createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * For the two writers that may create a run's row at the same moment (the API that started the job, and the job's
     * own listener): a lock on a row that does not exist yet holds nothing, so both may insert; the one that loses on
     * the primary key does its work again, and then finds the row.
     */
    private <T> T inTransactionOnce(Function<EntityManager, T> work) {
        try {
            return inTransaction(work);
        } catch (PersistenceException e) {
            if (!duplicateKey(e)) {
                throw e;
            }
            return inTransaction(work);
        }
    }

    private static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = database.emf().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }
}
