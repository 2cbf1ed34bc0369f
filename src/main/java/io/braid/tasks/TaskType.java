package io.braid.tasks;

import java.util.Map;
import java.util.Set;

/**
 * A kind of task ({@code type:} in a workflow). It owns the validation of its {@code with:} settings and
 * the body of the Jakarta Batch step the compiler emits for it. Adding a type means one implementation of
 * this interface, registered in {@link TaskTypes}, plus its runtime batch artifact and its documentation.
 *
 * <p>Compile-side only: implementations must not touch Jakarta APIs, because workflows are compiled at
 * build time outside any container.
 */
public interface TaskType {

    /** The name used in {@code type:}. */
    String name();

    /** Settings this type understands; {@code null} means any key is accepted (passed through). */
    Set<String> knownSettings();

    /**
     * Checks the settings.
     *
     * @param with   all settings as written
     * @param known  the settings whose value is known at compile time (parameter defaults applied);
     *               a setting that depends on a parameter without default is absent here and checked
     *               when the task starts
     * @param issues where to report a problem with one setting
     */
    void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues);

    /**
     * What the settings say about how long a task runs, if anything (e.g. a wait's duration), for
     * critical-path ordering when the task has no {@code estimate:}.
     *
     * @param known settings whose value is known at compile time (parameter defaults applied)
     */
    default java.util.Optional<java.time.Duration> typicalDuration(Map<String, String> known) {
        return java.util.Optional.empty();
    }

    /**
     * Whether the type's runtime artifact resolves {@code ${params.x}} and {@code ${tasks.a.outputs.k}} itself
     * when the task starts ({@link TaskValues}). Types that run application artifacts do not: they get parameters
     * through JSL substitution in their batch properties, and may not refer to outputs.
     */
    default boolean resolvesExpressions() {
        return false;
    }

    /** Settings that take a list of values ({@code args: [a, b]}); passed on as a JSON array of strings. */
    default Set<String> listSettings() {
        return Set.of();
    }

    /** Settings that take a mapping of name to value ({@code headers: {Accept: x}}); passed on as a JSON object of strings. */
    default Set<String> mapSettings() {
        return Set.of();
    }

    /** How a type honours {@code retry:}. */
    enum Retrying {
        /** Braid retries the attempt inside the step, through MicroProfile Fault Tolerance. */
        IN_STEP,
        /** The batch runtime retries chunk items ({@code retry-limit}, retryable exception classes). */
        CHUNK,
        /** Not supported: the type runs code Braid cannot call again. */
        NONE
    }

    default Retrying retrying() {
        return Retrying.NONE;
    }

    /** The step body for a task of this type. Setting values are already in JSL substitution form. */
    StepBody body(Map<String, String> with);

    /** Receives a problem with one {@code with:} key. */
    @FunctionalInterface
    interface SettingIssues {
        void report(String key, String message);

        /** Checks a setting known at compile time that must be a whole number in {@code min..max}. */
        default void wholeNumber(Map<String, String> known, String key, int min, int max) {
            String v = known.get(key);
            if (v == null) {
                return;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    report(key, n + " is out of range " + min + ".." + max);
                }
            } catch (NumberFormatException e) {
                report(key, "'" + v + "' is not a whole number");
            }
        }
    }
}
