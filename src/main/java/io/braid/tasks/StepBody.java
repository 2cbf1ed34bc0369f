package io.braid.tasks;

import java.util.Map;
import java.util.TreeMap;

/** What runs inside a task's step, in Jakarta Batch terms. */
public sealed interface StepBody {

    /** A {@code <batchlet ref=…>} with batchlet properties (sorted, for deterministic output). */
    record Batchlet(String ref, Map<String, String> properties) implements StepBody {
        public Batchlet {
            properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }
    }
}
