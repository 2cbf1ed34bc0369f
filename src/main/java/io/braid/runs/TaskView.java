package io.braid.runs;

import java.time.Instant;
import java.util.Map;

/**
 * One task of a run. {@code waitingFor} says what a WAITING task waits for; {@code outputs} maps each output
 * the task published to its JSON text (empty in run lists); {@code heartbeat} is when Braid last saw it
 * running; {@code progress} a JSON object for chunk and fan-out tasks.
 */
public record TaskView(String id, String status, Instant start, Instant end, int attempts, String error,
                       String waitingFor, Map<String, String> outputs, Instant heartbeat, String progress) {
    public TaskView {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outputs));
    }

    public TaskView(String id, String status, Instant start, Instant end, int attempts, String error, String waitingFor) {
        this(id, status, start, end, attempts, error, waitingFor, Map.of(), null, null);
    }
}
