package io.braid.forecast;

import io.braid.compile.CompiledWorkflow;
import io.braid.gate.CriticalPath;
import io.braid.gate.RunGate;
import io.braid.job.ClaimSpec;
import io.braid.job.JobSpec;
import io.braid.job.RankSpec;
import io.braid.model.GroupSpec;
import io.braid.model.Priority;
import io.braid.runs.RunView;
import io.braid.runs.TaskStatus;
import io.braid.runs.TaskView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forecasts a run of a compiled workflow from the durations of its tasks in recent completed runs: the scheduler's own
 * ranks (priority, remaining critical path on the median durations) and limits, played twice by {@link Simulation},
 * on the median and on the {@value #HIGH_PERCENTILE}th percentile of each task's durations.
 */
public final class Forecaster {
    /** The percentile of a task's recent durations the high end of a forecast plays. */
    public static final int HIGH_PERCENTILE = 90;

    private Forecaster() {
    }

    /** @param durations each task's durations (ms) in the workflow's latest completed runs, any order */
    public static Forecast forecast(CompiledWorkflow workflow, Map<String, List<Long>> durations, int runs) {
        return play(workflow, durations, runs, Map.of(), 0);
    }

    /**
     * The rest of a run in flight, as of {@code now}: its ended tasks are facts, its running tasks end after their usual
     * duration (not before now), and the others are played from now. Times are from the run's start.
     */
    public static Forecast during(CompiledWorkflow workflow, RunView run, Map<String, List<Long>> durations, int runs,
                                  Instant now) {
        Instant start = run.start() != null ? run.start() : now;
        Map<String, long[]> known = new HashMap<>();
        for (TaskView t : run.tasks()) {
            TaskStatus s = TaskStatus.valueOf(t.status());
            if (s.isEnd() && t.end() != null) {
                long end = millis(start, t.end());
                known.put(t.id(), new long[] {t.start() != null ? millis(start, t.start()) : end, end});
            } else if (s == TaskStatus.RUNNING && t.start() != null) {
                known.put(t.id(), new long[] {millis(start, t.start()), -1});
            }
        }
        return play(workflow, durations, runs, known, Math.max(0, millis(start, now)));
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static Forecast play(CompiledWorkflow workflow, Map<String, List<Long>> durations, int runs,
                                 Map<String, long[]> known, long now) {
        JobSpec job = workflow.job();
        Map<String, Long> median = new HashMap<>();
        Map<String, Long> high = new HashMap<>();
        Map<String, Forecast.Source> source = new HashMap<>();
        for (String task : job.needs().keySet()) {
            RankSpec spec = job.ranks().get(task);
            List<Long> seen = durations.getOrDefault(task, List.of()).stream().sorted().toList();
            if (spec != null && spec.explicit()) {
                median.put(task, spec.estimateMillis());
                high.put(task, spec.estimateMillis());
                source.put(task, Forecast.Source.ESTIMATE);
            } else if (!seen.isEmpty()) {
                median.put(task, percentile(seen, 50));
                high.put(task, percentile(seen, HIGH_PERCENTILE));
                source.put(task, Forecast.Source.HISTORY);
            } else {
                long guess = spec == null ? 0 : spec.estimateMillis();
                median.put(task, guess);
                high.put(task, guess);
                source.put(task, Forecast.Source.GUESS);
            }
        }
        Map<String, RunGate.Rank> ranks = CriticalPath.ranks(job.needs(), job.ranks(), median);
        List<Simulation.Step> steps = new ArrayList<>();
        job.needs().forEach((task, needs) -> {
            ClaimSpec claim = job.claims().getOrDefault(task, new ClaimSpec(null, List.of()));
            RunGate.Rank rank = ranks.get(task);
            Priority priority = rank == null ? Priority.NORMAL : rank.priority();
            steps.add(new Simulation.Step(task, needs, priority.ordinal(), rank == null ? 0 : rank.remainingMillis(),
                    Optional.ofNullable(claim.group()), claim.locks()));
        });
        Map<String, GroupSpec> groups = new LinkedHashMap<>();
        job.groups().forEach(g -> groups.put(g.name(), g));
        Simulation.Timeline mid = Simulation.play(steps, median, job.maxParallel(), groups, known, now);
        Simulation.Timeline slow = Simulation.play(steps, high, job.maxParallel(), groups, known, now);
        List<Forecast.TaskForecast> tasks = new ArrayList<>();
        for (String task : job.needs().keySet()) {
            long[] m = mid.spans().get(task);
            long[] h = slow.spans().get(task);
            tasks.add(new Forecast.TaskForecast(task, m[0], m[1], h[0], h[1], median.get(task), high.get(task), source.get(task)));
        }
        return new Forecast(job.workflow(), mid.makespanMillis(), Math.max(mid.makespanMillis(), slow.makespanMillis()), runs, tasks);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
