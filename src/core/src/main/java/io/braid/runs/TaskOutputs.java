package io.braid.runs;

import java.util.Map;
import java.util.Optional;

/** The outputs tasks publish for the tasks after them (name → JSON text), kept with the run's records. */
public interface TaskOutputs {

    /**
     * A task's outputs (name → JSON text), replacing any it published in an earlier attempt. Written in one
     * transaction: a later task sees all of them or none.
     */
    void outputsPublished(long runId, String task, Map<String, String> jsonValues);

    /** Adds or replaces only the given outputs of a task (a fan-out partition's), keeping the others. */
    void outputsMerged(long runId, String task, Map<String, String> jsonValues);

    /** The outputs of one task of a run (name → JSON text); empty if it published none. */
    Map<String, String> outputs(long runId, String task);

    /**
     * One output of a task (JSON text). A fan-out task's partitions each read its plan this way: its outputs also
     * hold every partition's own, so reading them all per partition grew with the square of the partitions.
     */
    default Optional<String> output(long runId, String task, String name) {
        return Optional.ofNullable(outputs(runId, task).get(name));
    }
}
