package io.braid.api;

/** Example bodies for the OpenAPI document (one place, so they stay consistent with JsonViews). */
final class ApiExamples {
    private ApiExamples() {
    }

    static final String ERROR_400 = "{\"status\": 400, \"error\": \"unknown parameter 'importTim' (workflow classic has importTime, analysisTime)\"}";
    static final String ERROR_403 = "{\"status\": 403, \"error\": \"viewer may not start runs\"}";
    static final String ERROR_404 = "{\"status\": 404, \"error\": \"workflow 'nope' not found\"}";
    static final String ERROR_409 = "{\"status\": 409, \"error\": \"run 12 has completed\"}";
    static final String WORKFLOWS = "[{\"name\": \"classic\", \"description\": \"Two imports side by side\", "
            + "\"maxParallel\": 10, \"tasks\": 5, \"params\": [{\"name\": \"importTime\", \"required\": false, \"secret\": false, \"default\": \"1s\"}]}]";
    static final String WORKFLOW = "{\"name\": \"nshape\", \"description\": \"c needs a and b; d needs b\", \"maxParallel\": 10, "
            + "\"params\": [], \"tasks\": [{\"id\": \"c\", \"type\": \"wait\", \"needs\": [\"a\", \"b\"], \"with\": {\"duration\": \"1s\"}, "
            + "\"priority\": \"normal\"}], \"graph\": {\"nodes\": [{\"id\": \"a\", \"type\": \"wait\"}, {\"id\": \"c\", \"type\": \"wait\"}], "
            + "\"edges\": [{\"from\": \"a\", \"to\": \"c\"}]}, \"jobXml\": \"<job …>\"}";
    static final String START_BODY = "{\"params\": {\"importTime\": \"2s\"}}";
    static final String STARTED = "{\"runId\": 12, \"executionId\": 15, \"workflow\": \"classic\"}";
    static final String RUN = "{\"id\": 12, \"workflow\": \"retail\", \"status\": \"FAILED\", \"executionId\": 15, \"executions\": 1, "
            + "\"created\": \"2026-11-23T20:41:24.041Z\", \"start\": \"2026-11-23T20:41:24.041Z\", \"end\": \"2026-11-23T20:41:29.120Z\", "
            + "\"summary\": {\"taskSeconds\": 7.9, \"wallSeconds\": 5.08, \"speedup\": 1.56}, "
            + "\"tasks\": [{\"id\": \"fx-rates\", \"status\": \"COMPLETED\", \"attempts\": 1, \"outputs\": {\"rate\": 1.08}, "
            + "\"tries\": [{\"attempt\": 1, \"execution\": 15, \"start\": \"2026-11-23T20:41:24.100Z\", \"end\": \"2026-11-23T20:41:24.300Z\", \"status\": \"COMPLETED\", \"error\": null}]}, "
            + "{\"id\": \"import-customers\", \"status\": \"FAILED\", \"attempts\": 1, \"error\": \"…\"}, "
            + "{\"id\": \"summary\", \"status\": \"SKIPPED\", \"attempts\": 0}], "
            + "\"rootCause\": {\"task\": \"import-customers\", \"error\": \"…\", \"skipped\": [\"summary\"], \"otherFailures\": []}}";
    static final String RUNS = "[" + RUN + "]";
    static final String ME = "{\"user\": \"operator\", \"roles\": [\"operator\"], \"canStart\": true}";
    static final String STOPPING = "{\"runId\": 12, \"status\": \"STOPPING\"}";
    static final String CANCELLED = "{\"runId\": 12, \"task\": \"import-customers\", \"status\": \"STOPPING\"}";
    static final String RESOURCES = "{\"server\": {\"configured\": 200, \"effective\": 200, \"adaptive\": false, \"reason\": \"configured\", "
            + "\"running\": 2, \"waiting\": 1, \"waitingForServerCap\": 0, \"maxActiveRuns\": 50, \"activeRuns\": 1, \"queuedRuns\": 0}, "
            + "\"waitingByReason\": {\"group partner-api\": 1}, \"runs\": [{\"id\": 12, \"workflow\": \"partner-sync\", \"maxParallel\": 6, "
            + "\"running\": 2, \"waiting\": 1}], \"groups\": [{\"name\": \"partner-api\", \"source\": \"workflow partner-sync\", \"maxConcurrent\": 2, "
            + "\"rate\": [\"20/1m\"], \"running\": 2, \"holders\": [{\"run\": 12, \"task\": \"fetch-eu\"}, {\"run\": 12, \"task\": \"fetch-apac\"}], "
            + "\"startsInWindow\": 2, \"waiting\": 1}], \"locks\": [], \"leaseTime\": \"30s\"}";
    static final String FORECAST = "{\"workflow\": \"retail\", \"basedOnRuns\": 20, \"makespanMillis\": 5100, "
            + "\"makespanHighMillis\": 6900, \"tasks\": [{\"id\": \"fx-rates\", \"startMillis\": 0, \"endMillis\": 200, "
            + "\"startHighMillis\": 0, \"endHighMillis\": 350, \"durationMillis\": 200, \"durationHighMillis\": 350, "
            + "\"source\": \"history\"}]}";
}
