package io.braid.parse;

import io.braid.graph.Dag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Needs that name no task, and dependency cycles. */
final class GraphCheck {
    private GraphCheck() {
    }

    /** The graph of the tasks, with needs of unknown tasks left out (so later checks can still use it). */
    static Dag check(Source source, List<TaskDraft> drafts) {
        Map<String, TaskDraft> byId = drafts.stream().filter(d -> d.id != null)
                .collect(Collectors.toMap(d -> d.id, d -> d, (a, b) -> a, LinkedHashMap::new));
        List<String> ids = new ArrayList<>(byId.keySet());
        List<List<String>> needs = new ArrayList<>();
        for (TaskDraft d : byId.values()) {
            List<String> known = new ArrayList<>();
            for (int i = 0; i < d.needs.size(); i++) {
                String need = d.needs.get(i);
                if (byId.containsKey(need)) {
                    known.add(need);
                } else {
                    source.problem(d.needNodes.get(i), "tasks[" + d.id + "].needs", Check.NEEDS, "unknown task '" + need + "'"
                            + Suggestions.didYouMean(need, byId.keySet()));
                }
            }
            needs.add(known);
        }
        Dag dag = Dag.of(ids, needs);
        for (List<String> cycle : dag.cycles()) {
            String path = String.join(" → ", cycle) + " → " + cycle.get(0);
            source.problem(byId.get(cycle.get(0)).idNode, "tasks[" + cycle.get(0) + "].needs", Check.CYCLE, "dependency cycle: " + path);
        }
        return dag;
    }
}
