package io.braid.runs;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task of a run. {@code waitingFor} says what a WAITING task waits for; {@code outputs} maps each output
 * the task published to its JSON text (empty in run lists); {@code heartbeat} is when Braid last saw it
 * running; {@code progress} a JSON object for chunk and fan-out tasks; {@code tries} every try of the task
 * and {@code partitions} every try of its fan-out partitions (both empty in run lists).
 */
public record TaskView(String id, String status, Instant start, Instant end, int attempts, String error,
                       String waitingFor, Map<String, String> outputs, Instant heartbeat, String progress,
                       List<TaskTry> tries, List<TaskTry> partitions) {
    public TaskView {
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(outputs));
        tries = tries == null ? List.of() : List.copyOf(tries);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /** Without tries (run lists). */
    public TaskView(String id, String status, Instant start, Instant end, int attempts, String error,
                    String waitingFor, Map<String, String> outputs, Instant heartbeat, String progress) {
        this(id, status, start, end, attempts, error, waitingFor, outputs, heartbeat, progress, List.of(), List.of());
    }

    public TaskView(String id, String status, Instant start, Instant end, int attempts, String error, String waitingFor) {
        this(id, status, start, end, attempts, error, waitingFor, Map.of(), null, null);
    }
}
