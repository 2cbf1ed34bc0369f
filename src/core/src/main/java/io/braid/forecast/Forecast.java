package io.braid.forecast;

import java.util.List;

/**
 * How long a run of a workflow is expected to take, before it starts: each task's start and end in milliseconds from
 * the run's start, as a range. {@code median} plays the run on each task's median duration in recent completed runs,
 * {@code high} on a high percentile of them; a task without history plays its {@code estimate:}, or the compiler's
 * default, and says so ({@link Source}).
 *
 * @param runs how many completed runs the durations come from (0: all are estimates or defaults)
 */
public record Forecast(String workflow, long makespanMillis, long makespanHighMillis, int runs, List<TaskForecast> tasks) {

    public Forecast {
        tasks = List.copyOf(tasks);
    }

    /** Where a task's duration comes from. */
    public enum Source {
        /** Its durations in recent completed runs. */
        HISTORY,
        /** The {@code estimate:} the workflow gives it. */
        ESTIMATE,
        /** Neither: the compiler's guess (a wait's duration, else the default). */
        GUESS
    }

    public record TaskForecast(String id, long startMillis, long endMillis, long startHighMillis, long endHighMillis,
                               long durationMillis, long durationHighMillis, Source source) {
    }
}
