package io.braid.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A task's settings as written in the workflow, for build-time checks. */
public interface Declared {

    /** The settings written, in order. */
    Set<String> names();

    /** Whether the setting is written. */
    default boolean has(String name) {
        return names().contains(name);
    }

    /**
     * Its value if it is known at build time: written literally, or made only of parameters that have defaults
     * (which are then applied). Empty when it depends on a run (a parameter without default, an output, the item).
     */
    Optional<String> known(String name);

    /** A list setting's items, if all of them are known at build time. */
    Optional<List<String>> knownList(String name);
}
