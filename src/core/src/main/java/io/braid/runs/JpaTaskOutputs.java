package io.braid.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link TaskOutputs}: written behind with the task's other records, read after them. */
@ApplicationScoped
public class JpaTaskOutputs implements TaskOutputs {
    @Inject
    Records records;

    @Override
    public void outputsPublished(long runId, String task, Map<String, String> jsonValues) {
        // behind as well: the tasks that read them start later on this server, and every read flushes first
        Map<String, String> values = new LinkedHashMap<>(jsonValues);
        records.submit(db -> {
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
        records.submit(db -> {
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
        records.flush();
        return records.read(em -> {
            Map<String, String> out = new TreeMap<>();
            em.createQuery("SELECT o FROM OutputEntity o WHERE o.runId = :r AND o.taskId = :t", OutputEntity.class)
                    .setParameter("r", runId).setParameter("t", task).getResultList()
                    .forEach(o -> out.put(o.name, o.valueJson));
            return out;
        });
    }

    @Override
    public Optional<String> output(long runId, String task, String name) {
        records.flush();
        return records.read(em -> em.createQuery("SELECT o.valueJson FROM OutputEntity o WHERE o.runId = :r AND o.taskId = :t "
                        + "AND o.name = :n", String.class)
                .setParameter("r", runId).setParameter("t", task).setParameter("n", name).getResultList().stream().findFirst());
    }
}
