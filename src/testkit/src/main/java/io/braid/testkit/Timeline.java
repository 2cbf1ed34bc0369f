package io.braid.testkit;

import io.braid.runs.RunView;
import io.braid.runs.TaskView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Facts about a run's recorded timeline: when its tasks ran, side by side or one after another. */
public final class Timeline {
    private Timeline() {
    }

    /**
     * Most tasks running at one instant. A task's recorded interval lies inside the time it held its slot, so ends
     * are counted before starts at the same millisecond.
     */
    public static int peakConcurrency(List<TaskView> tasks) {
        List<long[]> events = new ArrayList<>();
        for (TaskView t : tasks) {
            if (t.start() != null && t.end() != null) {
                events.add(new long[]{t.start().toEpochMilli(), +1});
                events.add(new long[]{t.end().toEpochMilli(), -1});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int current = 0;
        int peak = 0;
        for (long[] e : events) {
            current += (int) e[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    /** Whether the two tasks ran at the same time for a moment. */
    public static boolean overlap(TaskView a, TaskView b) {
        return a.start() != null && b.start() != null && a.end() != null && b.end() != null
                && a.start().isBefore(b.end()) && b.start().isBefore(a.end());
    }

    /** Milliseconds from one recorded instant to another. */
    public static long millisBetween(Instant from, Instant to) {
        return to.toEpochMilli() - from.toEpochMilli();
    }

    /** First task start to last task end. */
    public static Duration makespan(RunView run) {
        var starts = run.tasks().stream().map(TaskView::start).filter(Objects::nonNull).sorted().toList();
        var ends = run.tasks().stream().map(TaskView::end).filter(Objects::nonNull).sorted().toList();
        return starts.isEmpty() || ends.isEmpty() ? Duration.ZERO : Duration.between(starts.get(0), ends.get(ends.size() - 1));
    }

    /** The run as lines, one per task: status, attempts, start and end relative to the first start, error. */
    public static String describe(RunView run) {
        var first = run.tasks().stream().map(TaskView::start).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        StringBuilder b = new StringBuilder("run " + run.id() + " " + run.workflow() + " " + run.status()
                + (run.reason() == null ? "" : " (" + run.reason() + ")") + ", " + run.executions() + " execution(s)");
        for (TaskView t : run.tasks()) {
            b.append(String.format("%n  %-24s %-9s attempts %d", t.id(), t.status(), t.attempts()));
            if (first != null && t.start() != null) {
                b.append("  ").append(Duration.between(first, t.start()).toMillis()).append(" ms");
                b.append(t.end() == null ? " .. " : " .. " + Duration.between(first, t.end()).toMillis() + " ms");
            }
            if (t.error() != null) {
                b.append("  ").append(t.error());
            }
        }
        return b.toString();
    }
}
