package io.braid.types;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What runs inside the step of a task that runs your own batch artifacts, in Jakarta Batch terms. */
public sealed interface StepBody {

    /** A {@code <batchlet ref=…>} with batchlet properties (sorted, for deterministic output). */
    record Batchlet(String ref, Map<String, String> properties) implements StepBody {
        public Batchlet {
            properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }
    }

    /** One artifact of a chunk (reader, processor or writer) with its properties. */
    record Artifact(String ref, Map<String, String> properties) {
        public Artifact {
            properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        }
    }

    /**
     * A {@code <chunk>}: read, process (optional), write, with a checkpoint every {@code itemCount} items.
     *
     * @param itemCount checkpoint every this many items (text: may be a JSL expression)
     */
    record Chunk(Artifact reader, Artifact processor, Artifact writer, String itemCount) implements StepBody {
    }

    /** Step listeners the body needs besides Braid's task listener. */
    default List<String> listeners() {
        return List.of();
    }
}
