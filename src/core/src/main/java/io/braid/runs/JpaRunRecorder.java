package io.braid.runs;

import io.braid.job.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RunRecorder} on Jakarta Persistence and plain JDBC: the per-task writes (a task waited, started, ended, its
 * heartbeats, progress and partitions' tries) go behind through {@link Records}; the others are transactions of their own.
 */
@ApplicationScoped
public class JpaRunRecorder implements RunRecorder {
    @Inject
    Records records;

    /** A run whose execution waits to be admitted (or has not reached its job yet). */
    static final String QUEUED = RunStatus.QUEUED.name();

    @Override
    public void flush() {
        records.flush();
    }

    @Override
    public void executionStarted(long runId, long executionId, String workflow, Map<String, List<String>> needs,
                                 Set<String> completed, String owner, Instant at) {
        records.flush();
        List<String> taskIds = List.copyOf(needs.keySet());
        records.inTransactionOnce(em -> {
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
            for (TaskEntity t : Records.tasksOf(em, runId)) {
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
        records.flush();
        records.inTransactionOnce(em -> {
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
        records.flush();
        records.inTransaction(em -> em.createQuery("UPDATE RunEntity r SET r.status = 'RUNNING' WHERE r.id = :r AND r.status = :q")
                .setParameter("r", runId).setParameter("q", QUEUED).executeUpdate());
    }

    @Override
    public void lost(Collection<Long> runIds, String reason, Instant at) {
        if (runIds.isEmpty()) {
            return;
        }
        records.flush();
        records.inTransaction(em -> {
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
        records.submit(db -> db.update("UPDATE BRAID.TASK_RUN SET STATUS = 'WAITING', WAITING_FOR = ? WHERE RUN_ID = ? AND TASK_ID = ?",
                reason, runId, task));
    }

    @Override
    public void taskStarted(long runId, String task, long executionId, Instant at) {
        long ms = at.toEpochMilli();
        records.submit(db -> {
            db.update("UPDATE BRAID.TASK_RUN SET STATUS = 'RUNNING', WAITING_FOR = NULL, ATTEMPTS = ATTEMPTS + 1, "
                    + "EXECUTION_ID = ?, STARTED_AT = ?, HEARTBEAT_AT = ?, PROGRESS = NULL, ENDED_AT = NULL, ERROR = NULL "
                    + "WHERE RUN_ID = ? AND TASK_ID = ?", executionId, ms, ms, runId, task);
            db.update(START_TASK_TRY, ms, records.server(), runId, task);
        });
    }

    @Override
    public void taskEnded(long runId, String task, TaskStatus status, Instant at, String error) {
        long ms = at.toEpochMilli();
        String message = error == null ? null : Records.truncate(error);
        records.submit(db -> {
            db.update("UPDATE BRAID.TASK_RUN SET STATUS = ?, WAITING_FOR = NULL, ENDED_AT = ?, ERROR = ? "
                    + "WHERE RUN_ID = ? AND TASK_ID = ?", status.name(), ms, message, runId, task);
            db.update(END_TASK_TRY, ms, status.name(), message, runId, task);
        });
    }

    @Override
    public void heartbeats(long runId, Collection<String> tasks, Instant at) {
        long ms = at.toEpochMilli();
        List<String> running = List.copyOf(tasks);
        records.submit(db -> {
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
        records.submit(db -> db.update("UPDATE BRAID.TASK_RUN SET PROGRESS = ?, HEARTBEAT_AT = ? WHERE RUN_ID = ? AND TASK_ID = ?",
                progress, ms, runId, task));
    }

    @Override
    public void taskRetried(long runId, String task, int partition, String error) {
        records.flush();
        Map<String, Object> params = new HashMap<>();
        params.put("error", error == null ? null : Records.truncate(error));
        Instant now = Instant.now();
        records.inTransaction(em -> {
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
        records.submit(db -> db.update("INSERT INTO BRAID.TASK_TRY (RUN_ID, TASK_ID, PART, SEQ, EXECUTION_ID, ITEM, STARTED_AT, STATUS, SERVER) "
                + "SELECT ?, ?, ?, COALESCE(MAX(SEQ), 0) + 1, ?, ?, ?, 'RUNNING', ? FROM BRAID.TASK_TRY "
                + "WHERE RUN_ID = ? AND TASK_ID = ? AND PART = ?", runId, task, partition, executionId, shown, ms, records.server(),
                runId, task, partition));
    }

    @Override
    public void partitionEnded(long runId, String task, int partition, TaskStatus status, Instant at, String error) {
        String message = error == null ? null : Records.truncate(error);
        long ms = at.toEpochMilli();
        records.submit(db -> db.update("UPDATE BRAID.TASK_TRY SET ENDED_AT = ?, STATUS = ?, ERROR = ? WHERE RUN_ID = ? "
                + "AND TASK_ID = ? AND PART = ? AND ENDED_AT IS NULL", ms, status.name(), message, runId, task, partition));
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
        em.createNativeQuery(START_TASK_TRY).setParameter(1, at.toEpochMilli()).setParameter(2, records.server())
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
        y.server = records.server();
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
        records.flush();
        records.inTransaction(em -> {
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
    public void executionEnded(long runId, RunStatus status, Instant at, String reason) {
        records.flush();
        records.inTransaction(em -> {
            RunEntity run = em.find(RunEntity.class, runId);
            if (run != null) {
                run.status = status.name();
                run.endedAt = at.toEpochMilli();
                run.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
            }
            return null;
        });
    }

    @Override
    public void runRefused(long runId, long executionId, String workflow, String reason, Instant at) {
        records.flush();
        records.inTransaction(em -> {
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
            run.status = RunStatus.FAILED.name();
            run.endedAt = at.toEpochMilli();
            run.reason = reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
            return null;
        });
    }
}
