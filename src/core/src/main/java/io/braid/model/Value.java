package io.braid.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A setting's value as written under {@code with:}: one value, a list of values, or a mapping of names to values. */
public sealed interface Value {

    /** Every text in the value (for checks that look at all of them). */
    List<String> texts();

    record Scalar(String text) implements Value {
        @Override
        public List<String> texts() {
            return List.of(text);
        }
    }

    record Sequence(List<String> items) implements Value {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public List<String> texts() {
            return items;
        }
    }

    /** Entries in written order. */
    record Mapping(Map<String, String> entries) implements Value {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public List<String> texts() {
            return List.copyOf(entries.values());
        }
    }
}
