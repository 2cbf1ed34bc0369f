package io.braid.runs;

import io.braid.job.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RunExplorer} on Jakarta Persistence: each read first waits for the record writes queued before it. */
@ApplicationScoped
public class JpaRunExplorer implements RunExplorer {
    @Inject
    Records records;

    @Override
    public Map<Long, String> inFlight() {
        records.flush();
        return records.read(em -> {
            Map<Long, String> out = new LinkedHashMap<>();
            em.createQuery("SELECT r FROM RunEntity r WHERE r.status IN ('QUEUED', 'RUNNING')", RunEntity.class)
                    .getResultList().forEach(r -> out.put(r.id, r.owner));
            return out;
        });
    }

    @Override
    public Optional<String> failedPartition(long runId, String task, long executionId) {
        records.flush();
        return records.read(em -> em.createQuery("SELECT y FROM TryEntity y WHERE y.runId = :run AND y.taskId = :task AND y.part >= 0 "
                        + "AND y.executionId = :exec AND y.status = 'FAILED' ORDER BY y.endedAt, y.part", TryEntity.class)
                .setParameter("run", runId).setParameter("task", task).setParameter("exec", executionId).setMaxResults(1)
                .getResultList().stream().findFirst().map(y -> "partition " + y.part + ": " + y.error));
    }

    @Override
    public Optional<RunView> run(long runId) {
        records.flush();
        return records.read(em -> Optional.ofNullable(em.find(RunEntity.class, runId)).map(r -> {
            Map<String, Map<String, String>> outputs = new HashMap<>();
            em.createQuery("SELECT o FROM OutputEntity o WHERE o.runId = :r", OutputEntity.class).setParameter("r", runId)
                    .getResultList().forEach(o -> outputs.computeIfAbsent(o.taskId, k -> new HashMap<>()).put(o.name, o.valueJson));
            Map<String, List<TaskTry>> tries = new HashMap<>();
            Map<String, List<TaskTry>> partitions = new HashMap<>();
            em.createQuery("SELECT y FROM TryEntity y WHERE y.runId = :r ORDER BY y.part, y.seq", TryEntity.class)
                    .setParameter("r", runId).getResultList()
                    .forEach(y -> (y.part < 0 ? tries : partitions).computeIfAbsent(y.taskId, k -> new ArrayList<>())
                            .add(new TaskTry(y.seq, y.part, y.executionId, y.item, Records.instant(y.startedAt), Records.instant(y.endedAt), y.status, y.error, y.server)));
            return view(r, Records.tasksOf(em, runId), outputs, tries, partitions);
        }));
    }

    @Override
    public List<RunView> runs(String workflow, String status, int limit) {
        records.flush();
        return records.read(em -> {
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
    public Map<String, Long> medianDurations(String workflow, int runs) {
        return medians(durations(workflow, runs));
    }

    @Override
    public Map<String, List<Long>> durations(String workflow, int runs) {
        records.flush();
        if (runs <= 0) {
            return Map.of();
        }
        return records.read(em -> {
            List<Long> ids = em.createQuery("SELECT r.id FROM RunEntity r WHERE r.workflow = :w AND r.status = 'COMPLETED' "
                    + "ORDER BY r.id DESC", Long.class).setParameter("w", workflow).setMaxResults(runs).getResultList();
            Map<String, List<Long>> durations = new HashMap<>();
            if (ids.isEmpty()) {
                return durations;
            }
            em.createQuery("SELECT t FROM TaskEntity t WHERE t.runId IN :ids AND t.status = 'COMPLETED' "
                            + "AND t.startedAt IS NOT NULL AND t.endedAt IS NOT NULL", TaskEntity.class)
                    .setParameter("ids", ids).getResultList()
                    .forEach(t -> durations.computeIfAbsent(t.taskId, k -> new ArrayList<>()).add(t.endedAt - t.startedAt));
            return durations;
        });
    }

    /** Each task's median duration (the lower-middle average of an even count, in whole milliseconds). */
    static Map<String, Long> medians(Map<String, List<Long>> durations) {
        Map<String, Long> medians = new HashMap<>();
        durations.forEach((task, d) -> {
            List<Long> sorted = d.stream().sorted().toList();
            int n = sorted.size();
            medians.put(task, n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
        });
        return medians;
    }

    private static RunView view(RunEntity r, List<TaskEntity> tasks, Map<String, Map<String, String>> outputs,
                                Map<String, List<TaskTry>> tries, Map<String, List<TaskTry>> partitions) {
        return new RunView(r.id, r.workflow, r.status, r.executionId, r.executions, r.submittedBy,
                Records.instant(r.createdAt), Records.instant(r.startedAt), Records.instant(r.endedAt),
                tasks.stream().map(t -> new TaskView(t.taskId, t.status, Records.instant(t.startedAt), Records.instant(t.endedAt),
                        t.attempts, t.error, t.waitingFor, outputs.get(t.taskId), Records.instant(t.heartbeatAt), t.progress,
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
}
