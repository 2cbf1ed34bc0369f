package io.braid.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running tasks of one run that were asked to stop early (a cancel, their timeout, a lost lease), why, and the
 * hooks their artifacts registered to stop their work. One place for the three, so they cannot drift apart. Not
 * thread-safe: its {@link RunGate} calls it under its lock and runs the hooks after releasing it.
 */
final class Interrupts {
    private final Map<String, List<Runnable>> hooks = new HashMap<>();
    private final Map<String, RunGate.Interruption> reasons = new HashMap<>();

    /**
     * Records why the task is asked to stop (the first reason stays).
     *
     * @return the hooks to run now, outside the lock; none if the task had already been asked
     */
    List<Runnable> interrupt(String task, RunGate.Interruption why) {
        if (reasons.putIfAbsent(task, why) != null) {
            return List.of();
        }
        return new ArrayList<>(hooks.getOrDefault(task, List.of()));
    }

    Optional<RunGate.Interruption> reason(String task) {
        return Optional.ofNullable(reasons.get(task));
    }

    /** @return whether the task was already asked to stop, so the new hook must run at once */
    boolean register(String task, Runnable hook) {
        hooks.computeIfAbsent(task, k -> new ArrayList<>()).add(hook);
        return reasons.containsKey(task);
    }

    /** The task ended: its work needs no stopping any more (why it was asked stays, for its outcome). */
    void ended(String task) {
        hooks.remove(task);
    }

    /** Every registered hook: a stop of the whole run asked through another server stops all running work. */
    List<Runnable> allHooks() {
        List<Runnable> all = new ArrayList<>();
        hooks.values().forEach(all::addAll);
        return all;
    }
}
