package io.braid.model;

import java.util.Locale;

/**
 * Runs a task once per item, as the partitions of one partitioned step.
 *
 * @param source   where the items come from: {@code items} (a list as written, a {@link Value.Sequence}),
 *                 {@code range} ({@code 1..12}, bounds may use parameters) or {@code from} (one
 *                 {@code ${tasks.<id>.outputs.<key>}} holding a list, computed at run time), both {@link Value.Scalar}
 * @param parallel partitions running at once (may use a parameter)
 */
public record FanOut(Source source, Value value, String parallel) {
    public enum Source {
        ITEMS, RANGE, FROM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String DEFAULT_PARALLEL = "4";
}
