package io.braid.runs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stop and cancel requests between the servers of a cluster sharing one database: the server an operator asked
 * writes them, the server executing the run takes them.
 */
public interface RunRequests {

    /**
     * Asks the server executing a run (of a cluster sharing this database) to stop it ({@code task} null) or to cancel
     * one of its tasks; that server takes the request with {@link #takeRequests}.
     */
    void request(long runId, String task, Instant at);

    /** Takes (removes) the requests for these runs: per run, the tasks to cancel, and "" to stop the run. */
    Map<Long, List<String>> takeRequests(Collection<Long> runIds);
}
