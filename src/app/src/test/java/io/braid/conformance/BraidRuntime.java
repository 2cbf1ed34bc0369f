package io.braid.conformance;

import jakarta.json.JsonObject;

import java.util.Map;

/**
 * One place Braid runs: the embedded runtime of this JVM or the Liberty test server. Runs are seen the way the API
 * shows them ({@code GET /braid/api/runs/{id}}), so the same checks read both.
 */
interface BraidRuntime {
    String name();

    /** Starts a run of a deployed workflow; its run id. */
    long start(String workflow, Map<String, String> params) throws Exception;

    /** The run as the API shows it, or null if it has no record yet. */
    JsonObject run(long runId) throws Exception;

    void stop(long runId) throws Exception;

    void restart(long runId, Map<String, String> params) throws Exception;

    void cancel(long runId, String task) throws Exception;
}
