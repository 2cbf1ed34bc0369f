package io.braid.forecast;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Plays one run of a workflow through Braid's scheduling rules on given task durations, in virtual time: a task starts
 * once all its needs ended and a slot is free; ready tasks are taken best first (priority, then the longer remaining
 * critical path, then declaration order, as the scheduler ranks them); the run's {@code maxParallel}, its groups'
 * {@code maxConcurrent} and rate windows and its exclusive and shared locks hold. Deterministic and pure.
 *
 * <p>What it cannot know: other runs on the server (they take slots, group places and lock turns too), the batch
 * runtime's own overhead per step, and a task that fails or is retried.
 */
final class Simulation {

    /** One task as the simulation needs it. */
    record Step(String id, List<String> needs, int priority, long remainingMillis, Optional<String> group, List<LockRef> locks) {
    }

    /** When each task starts and ends (milliseconds from the run's start), in declaration order. */
    record Timeline(Map<String, long[]> spans, long makespanMillis) {
    }

    private Simulation() {
    }

    static Timeline play(List<Step> steps, Map<String, Long> durations, int maxParallel, Map<String, GroupSpec> groups) {
        return play(steps, durations, maxParallel, groups, Map.of(), 0);
    }

    /**
     * Plays the rest of a run in flight: the tasks in {@code known} started at {@code known[0]} and ended at
     * {@code known[1]} (or, if they still run, {@code known[1]} is -1 and they end after their duration, but not before
     * {@code now}); the others are played from {@code now}. Times in milliseconds from the run's start.
     */
    static Timeline play(List<Step> steps, Map<String, Long> durations, int maxParallel, Map<String, GroupSpec> groups,
                         Map<String, long[]> known, long now) {
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            order.put(steps.get(i).id(), i);
        }
        Comparator<Step> best = Comparator.comparingInt(Step::priority)
                .thenComparing(Comparator.comparingLong(Step::remainingMillis).reversed())
                .thenComparingInt(s -> order.get(s.id()));
        Map<String, Integer> waitingFor = new HashMap<>();
        Map<String, List<Step>> dependents = new HashMap<>();
        PriorityQueue<Step> ready = new PriorityQueue<>(best);
        Map<String, long[]> spans = new LinkedHashMap<>();
        steps.forEach(s -> spans.put(s.id(), null));
        PriorityQueue<Running> running = new PriorityQueue<>(Comparator.comparingLong(Running::end).thenComparingInt(r -> order.get(r.step().id())));
        Map<String, List<Long>> startsByGroup = new HashMap<>();
        int ended = 0;
        for (Step s : steps) {
            long[] k = known.get(s.id());
            if (k == null) {
                continue;
            }
            s.group().ifPresent(g -> startsByGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(k[0]));
            if (k[1] >= 0) { // ended: a fact
                spans.put(s.id(), k.clone());
                ended++;
            } else { // running: ends after its usual duration, but not before now
                long end = Math.max(now, k[0] + Math.max(0, durations.getOrDefault(s.id(), 0L)));
                spans.put(s.id(), new long[] {k[0], end});
                running.add(new Running(s, end));
            }
        }
        startsByGroup.values().forEach(list -> list.sort(null));
        for (Step s : steps) {
            long left = s.needs().stream().filter(n -> known.get(n) == null || known.get(n)[1] < 0).count();
            waitingFor.put(s.id(), (int) left);
            s.needs().forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(s));
            if (left == 0 && !known.containsKey(s.id())) {
                ready.add(s);
            }
        }
        while (ended < steps.size()) {
            long nextRateOpening = Long.MAX_VALUE;
            List<Step> held = new ArrayList<>(); // ready, but a group, rate or lock holds them: they keep their turn
            while (!ready.isEmpty() && running.size() < Math.max(1, maxParallel)) {
                Step s = ready.poll();
                long opensAt = blockedUntil(s, now, running, groups, startsByGroup);
                if (opensAt > now) {
                    nextRateOpening = Math.min(nextRateOpening, opensAt);
                    held.add(s);
                    continue;
                }
                long end = now + Math.max(0, durations.getOrDefault(s.id(), 0L));
                spans.put(s.id(), new long[] {now, end});
                running.add(new Running(s, end));
                long at = now;
                s.group().ifPresent(g -> startsByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(at));
            }
            ready.addAll(held);
            if (running.isEmpty()) {
                if (nextRateOpening == Long.MAX_VALUE) {
                    throw new IllegalStateException("tasks " + ready.stream().map(Step::id).sorted().toList() + " can never start");
                }
                now = nextRateOpening;
                continue;
            }
            long next = Math.min(running.peek().end(), nextRateOpening);
            now = next;
            while (!running.isEmpty() && running.peek().end() <= now) {
                Step done = running.poll().step();
                ended++;
                for (Step d : dependents.getOrDefault(done.id(), List.of())) {
                    if (waitingFor.merge(d.id(), -1, Integer::sum) == 0) {
                        ready.add(d);
                    }
                }
            }
        }
        long makespan = spans.values().stream().mapToLong(s -> s[1]).max().orElse(0);
        return new Timeline(spans, makespan);
    }

    private record Running(Step step, long end) {
    }

    /**
     * {@code now} if the step may start now as far as its group and locks go; a later time if only its group's rate
     * window holds it (when that window opens); {@code Long.MAX_VALUE} if a running task holds what it needs.
     */
    private static long blockedUntil(Step s, long now, PriorityQueue<Running> running, Map<String, GroupSpec> groups,
                                     Map<String, List<Long>> startsByGroup) {
        for (LockRef lock : s.locks()) {
            for (Running r : running) {
                for (LockRef held : r.step().locks()) {
                    if (held.name().equals(lock.name())
                            && (held.mode() == LockRef.Mode.EXCLUSIVE || lock.mode() == LockRef.Mode.EXCLUSIVE)) {
                        return Long.MAX_VALUE;
                    }
                }
            }
        }
        if (s.group().isEmpty()) {
            return now;
        }
        GroupSpec g = groups.get(s.group().get());
        if (g == null) {
            return now;
        }
        long inGroup = running.stream().filter(r -> r.step().group().equals(s.group())).count();
        if (g.maxConcurrent() > 0 && inGroup >= g.maxConcurrent()) {
            return Long.MAX_VALUE;
        }
        if (g.rate().isPresent()) {
            long window = g.rate().get().window().toMillis();
            List<Long> recent = startsByGroup.getOrDefault(g.name(), List.of()).stream().filter(t -> t > now - window).toList();
            if (recent.size() >= g.rate().get().starts()) {
                return recent.get(recent.size() - g.rate().get().starts()) + window; // when the oldest that counts leaves
            }
        }
        return now;
    }
}
