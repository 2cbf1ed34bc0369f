package io.braid.types;

import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;

import java.util.Map;

/**
 * A built-in type whose step runs your own batch artifacts ({@code batchlet}, {@code chunk}): its settings are
 * checked like any type's, but what runs is your artifact, started by the batch runtime. Its settings reach the
 * artifacts as batch properties, with {@code ${params.x}} turned into JSL substitution.
 */
public interface ArtifactType extends TaskType {

    /** The step body for a task of this type; setting values are already in JSL substitution form. */
    StepBody body(Map<String, String> with);

    /** Whether a setting key outside {@link #settings()} is passed on (e.g. a batchlet's own properties). */
    boolean accepts(String key);

    @Override
    default TaskAction action(TaskContext context) {
        throw new UnsupportedOperationException("type '" + name() + "' runs your own batch artifacts");
    }
}
