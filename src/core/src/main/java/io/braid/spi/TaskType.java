package io.braid.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A kind of task: {@code type: <name>} in a workflow. Implementations are stateless and have a public no-argument
 * constructor; one instance serves every task of the type, at build time (checks) and at run time ({@link #action}).
 */
public interface TaskType {

    /** The name used in {@code type:}: lower case letters, digits and '-'. */
    String name();

    /** The settings a task of this type takes under {@code with:}. */
    List<Setting> settings();

    /**
     * Checks between settings, when the workflow is compiled (each setting on its own is already checked against
     * its {@link Setting}). Report a problem with {@code problems.accept(settingName, message)}.
     *
     * @param declared the settings as written, with the values known at build time
     */
    default void check(Declared declared, BiConsumer<String, String> problems) {
    }

    /**
     * How long a task of this type typically runs, if the settings tell (e.g. a wait's duration): used to order
     * waiting tasks by their critical path when the task has no {@code estimate:}.
     */
    default Optional<Duration> typicalDuration(Declared declared) {
        return Optional.empty();
    }

    /**
     * The run-time action of one task (or of one fan-out partition of it), created when its step starts. Braid
     * calls {@link TaskAction#attempt} once per attempt (more than once under {@code retry:}) and
     * {@link TaskAction#cancel} from another thread when the task is cancelled, times out or its run stops.
     */
    TaskAction action(TaskContext context) throws Exception;
}
