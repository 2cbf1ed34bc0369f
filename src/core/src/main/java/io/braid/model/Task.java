package io.braid.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a workflow.
 *
 * @param with     type settings, in declaration order; texts may contain {@code ${…}} references ({@link Template})
 * @param estimate expected duration, for critical-path ordering of waiting tasks
 * @param group    the concurrency group the task counts against, if any
 * @param locks    named resources held while the task runs (acquired all at once or not at all)
 * @param fanOut   run once per item, if set
 * @param line     1-based line of the task in its source file (for messages at run time)
 */
public record Task(String id, String type, List<String> needs, Map<String, Value> with, Priority priority,
                   Optional<Duration> timeout, Retry retry, Optional<Duration> estimate, Optional<String> group, List<LockRef> locks,
                   Optional<FanOut> fanOut, String description, int line) {
    public Task {
        needs = List.copyOf(needs);
        locks = List.copyOf(locks);
        with = Collections.unmodifiableMap(new LinkedHashMap<>(with));
    }

    /** The same task with other needs (used while validating a graph with unknown needs dropped). */
    public Task withNeeds(List<String> otherNeeds) {
        return new Task(id, type, otherNeeds, with, priority, timeout, retry, estimate, group, locks, fanOut, description,
                line);
    }
}
