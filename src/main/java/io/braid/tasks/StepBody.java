package io.braid.tasks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What runs inside a task's step, in Jakarta Batch terms. */
public sealed interface StepBody {

    /** Step listeners the type adds to Braid's own (e.g. to record skipped items or publish outputs). */
    default List<String> listeners() {
        return List.of();
    }

    /** A {@code <batchlet ref=…>} with batchlet properties (sorted, for deterministic output). */
    record Batchlet(String ref, Map<String, String> properties) implements StepBody {
        public Batchlet {
            properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }
    }

    /** One artifact of a chunk (reader, processor or writer) with its properties. */
    record Artifact(String ref, Map<String, String> properties) {
        public Artifact {
            properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }
    }

    /**
     * A {@code <chunk>}: read, process (optional), write, with a checkpoint every {@code itemCount} items.
     *
     * @param itemCount  checkpoint every this many items (text: may be a JSL expression)
     * @param skipLimit  items that may be skipped for {@code skippable} exceptions before the step fails ("0": none)
     * @param listeners  extra step listener refs
     */
    record Chunk(Artifact reader, Artifact processor, Artifact writer, String itemCount, String skipLimit,
                 List<String> skippable, List<String> listeners) implements StepBody {
        public Chunk {
            skippable = List.copyOf(skippable);
            listeners = List.copyOf(listeners);
        }
    }
}
