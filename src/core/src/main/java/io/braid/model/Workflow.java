package io.braid.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated workflow: ids are unique, every need exists, the graph is acyclic.
 *
 * @param failFast stop the whole run at the first failed task (running tasks stopped, the rest skipped)
 * @param groups the concurrency groups its tasks name, by name, in declaration order
 * @param source where it was read from (file name), for messages
 */
public record Workflow(String name, String description, int maxParallel, boolean failFast, List<Param> params,
                       Map<String, GroupSpec> groups, List<Task> tasks, String source) {
    public static final int DEFAULT_MAX_PARALLEL = 10;

    public Workflow {
        params = List.copyOf(params);
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        tasks = List.copyOf(tasks);
    }

    public Optional<Task> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
