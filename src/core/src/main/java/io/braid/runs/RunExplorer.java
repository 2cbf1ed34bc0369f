package io.braid.runs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run records as the API, the command line, the report and the test kit read them. Every read sees every record
 * write made before it ({@link RunRecorder#flush}).
 */
public interface RunExplorer {

    /** Runs recorded QUEUED or RUNNING, with the owner of their execution (null for runs recorded before owners). */
    Map<Long, String> inFlight();

    /**
     * The error of the first fan-out partition of this execution that failed ("partition 2: …"): a fan-out task's
     * own error, where the batch runtime does not pass the partition's exception to the step (Liberty).
     */
    Optional<String> failedPartition(long runId, String task, long executionId);

    Optional<RunView> run(long runId);

    /**
     * Median duration in milliseconds of each task that completed in the workflow's latest {@code runs} COMPLETED
     * runs: the estimate for critical-path order when the workflow does not give one.
     */
    Map<String, Long> medianDurations(String workflow, int runs);

    /** Each task's durations in milliseconds in the workflow's latest {@code runs} COMPLETED runs (for forecasts). */
    Map<String, List<Long>> durations(String workflow, int runs);

    /** Newest first; null filters match everything. */
    List<RunView> runs(String workflow, String status, int limit);
}
