package io.braid.gate;

import io.braid.job.RankSpec;
import io.braid.model.Priority;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each task's remaining critical path when a run starts: its estimate plus the longest estimated chain of its
 * dependents. A task's estimate is its {@code estimate:} if written, else the median of its durations in earlier
 * completed runs, else the compiler's guess (the type's hint, e.g. a wait's duration, or the default).
 */
public final class CriticalPath {
    private CriticalPath() {
    }

    /**
     * @param needs   task id to its needs
     * @param specs   priority and compiled estimate per task
     * @param history median duration (ms) per task from earlier completed runs
     */
    public static Map<String, RunGate.Rank> ranks(Map<String, List<String>> needs, Map<String, RankSpec> specs,
                                                  Map<String, Long> history) {
        Map<String, Long> own = new HashMap<>();
        needs.keySet().forEach(t -> {
            RankSpec s = specs.get(t);
            long guess = s == null ? 0 : s.estimateMillis();
            own.put(t, s != null && s.explicit() ? guess : history.getOrDefault(t, guess));
        });
        Map<String, List<String>> dependents = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        needs.forEach((t, ns) -> {
            dependents.putIfAbsent(t, new ArrayList<>());
            pending.put(t, 0);
        });
        needs.forEach((t, ns) -> ns.forEach(n -> {
            dependents.get(n).add(t);
            pending.merge(n, 1, Integer::sum); // n waits for t's remaining path to be known
        }));
        // reverse topological order: start from tasks nobody needs
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((t, c) -> {
            if (c == 0) {
                ready.add(t);
            }
        });
        Map<String, Long> remaining = new HashMap<>();
        while (!ready.isEmpty()) {
            String t = ready.poll();
            long longest = 0;
            for (String d : dependents.get(t)) {
                longest = Math.max(longest, remaining.get(d));
            }
            remaining.put(t, own.get(t) + longest);
            for (String n : needs.get(t)) {
                if (pending.merge(n, -1, Integer::sum) == 0) {
                    ready.add(n);
                }
            }
        }
        Map<String, RunGate.Rank> ranks = new LinkedHashMap<>();
        needs.keySet().forEach(t -> ranks.put(t, new RunGate.Rank(
                specs.containsKey(t) ? specs.get(t).priority() : Priority.NORMAL, remaining.getOrDefault(t, 0L))));
        return ranks;
    }
}
