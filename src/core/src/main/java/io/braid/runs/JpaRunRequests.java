package io.braid.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link RunRequests} in table {@code BRAID.RUN_REQUEST} of the database the servers share. */
@ApplicationScoped
public class JpaRunRequests implements RunRequests {
    @Inject
    Records records;

    @Override
    public void request(long runId, String task, Instant at) {
        records.flush();
        String key = task == null ? "" : task;
        records.inTransaction(em -> {
            em.createNativeQuery("DELETE FROM BRAID.RUN_REQUEST WHERE RUN_ID = ? AND TASK_ID = ?")
                    .setParameter(1, runId).setParameter(2, key).executeUpdate();
            em.createNativeQuery("INSERT INTO BRAID.RUN_REQUEST (RUN_ID, TASK_ID, REQUESTED_AT) VALUES (?, ?, ?)")
                    .setParameter(1, runId).setParameter(2, key).setParameter(3, at.toEpochMilli()).executeUpdate();
            return null;
        });
    }

    @Override
    public Map<Long, List<String>> takeRequests(Collection<Long> runIds) {
        records.flush();
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return out;
        }
        records.inTransaction(em -> {
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
}
