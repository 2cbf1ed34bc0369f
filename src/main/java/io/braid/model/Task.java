package io.braid.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a workflow.
 *
 * @param with     type settings, in declaration order; values may contain {@code ${params.x}}
 * @param estimate expected duration, for critical-path ordering of waiting tasks
 * @param line     1-based line of the task in its source file (for messages at run time)
 */
public record Task(String id, String type, List<String> needs, Map<String, String> with, Priority priority,
                   Optional<Duration> timeout, Retry retry, Optional<Duration> estimate, String description, int line) {
    public Task {
        needs = List.copyOf(needs);
        with = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
    }
}
