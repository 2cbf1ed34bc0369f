package io.braid.model;

/**
 * Runs a task once per item, as the partitions of one partitioned step.
 *
 * @param source   where the items come from: {@code items} (a JSON array of strings, as written),
 *                 {@code range} ({@code 1..12}, bounds may use parameters) or {@code from} (one
 *                 {@code ${tasks.<id>.outputs.<key>}} holding a list, computed at run time)
 * @param parallel partitions running at once (may use a parameter)
 */
public record FanOut(Source source, String value, String parallel) {
    public enum Source {
        ITEMS, RANGE, FROM;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String DEFAULT_PARALLEL = "4";
}
