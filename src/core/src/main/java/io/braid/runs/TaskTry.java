package io.braid.runs;

import java.time.Instant;

/**
 * One try of a task, or of one of its fan-out partitions ({@code partition} ≥ 0, with its {@code item} as JSON).
 * {@code end} is null while it runs. A retry's try starts when the failed one ended, so it includes the delay.
 * {@code server} is the server (or runner process) it ran on; null for tries recorded before Braid kept it.
 */
public record TaskTry(int attempt, int partition, long execution, String item, Instant start, Instant end,
                      String status, String error, String server) {
}
