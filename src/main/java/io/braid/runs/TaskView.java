package io.braid.runs;

import java.time.Instant;

/** One task of a run. {@code waitingFor} says what a WAITING task waits for. */
public record TaskView(String id, String status, Instant start, Instant end, int attempts, String error,
                       String waitingFor) {
}
