package io.braid.se;

import io.braid.runs.TaskView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Facts about a run's recorded timeline. */
final class Timeline {
    private Timeline() {
    }

    /**
     * Most tasks running at one instant. A task's recorded interval lies inside the time it held its slot,
     * so ends are counted before starts at the same millisecond.
     */
    static int peakConcurrency(List<TaskView> tasks) {
        List<long[]> events = new ArrayList<>();
        for (TaskView t : tasks) {
            if (t.start() != null && t.end() != null) {
                events.add(new long[]{t.start().toEpochMilli(), +1});
                events.add(new long[]{t.end().toEpochMilli(), -1});
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int current = 0;
        int peak = 0;
        for (long[] e : events) {
            current += (int) e[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    static boolean overlap(TaskView a, TaskView b) {
        return a.start().isBefore(b.end()) && b.start().isBefore(a.end());
    }

    static long millisBetween(Instant from, Instant to) {
        return to.toEpochMilli() - from.toEpochMilli();
    }
}
