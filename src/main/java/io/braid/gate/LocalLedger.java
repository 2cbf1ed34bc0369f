package io.braid.gate;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-JVM {@link ResourceLedger}: limits hold across all runs of this server. Thread-safe (every method
 * is synchronized; calls are short and never block).
 *
 * <p>Group limits: a server-wide definition (MicroProfile Config) wins; otherwise every definition declared by
 * a run that is still registered applies at once (the lowest {@code maxConcurrent} and every rate).
 */
public final class LocalLedger implements ResourceLedger {
    /**
     * Run records keep start times in milliseconds; counting a window one millisecond longer than declared
     * keeps every window of the recorded times within the limit too.
     */
    private static final Duration RECORD_PRECISION = Duration.ofMillis(1);

    private final Map<String, GroupSpec> serverGroups;
    private final Duration leaseTime;
    private final Map<Long, Map<String, GroupSpec>> runGroups = new HashMap<>();
    private final Map<Holder, Lease> leases = new LinkedHashMap<>();
    /** Recent starts per group with a rate, oldest first. */
    private final Map<String, Deque<Instant>> starts = new HashMap<>();

    private record Lease(ResourceRequest request, Instant expires) {
    }

    public LocalLedger(Collection<GroupSpec> serverGroups, Duration leaseTime) {
        Map<String, GroupSpec> m = new LinkedHashMap<>();
        serverGroups.forEach(g -> m.put(g.name(), g));
        this.serverGroups = Map.copyOf(m);
        this.leaseTime = leaseTime;
    }

    public Duration leaseTime() {
        return leaseTime;
    }

    @Override
    public synchronized void defineGroups(long runId, Collection<GroupSpec> groups) {
        Map<String, GroupSpec> m = new LinkedHashMap<>();
        groups.forEach(g -> m.put(g.name(), g));
        runGroups.put(runId, m);
    }

    @Override
    public synchronized Optional<Blocked> tryAcquire(ResourceRequest r, Instant now) {
        expire(now);
        Holder holder = new Holder(r.runId(), r.task());
        if (leases.containsKey(holder)) {
            leases.put(holder, new Lease(r, now.plus(leaseTime)));
            return Optional.empty();
        }
        String group = r.group();
        if (group != null) {
            Limits limits = limits(group);
            if (limits.maxConcurrent() > 0) {
                List<Lease> in = leases.values().stream().filter(l -> group.equals(l.request().group())).toList();
                if (in.size() >= limits.maxConcurrent()) {
                    return Optional.of(new Blocked("group " + group, "group:" + group, earliestExpiry(in)));
                }
            }
            for (RateLimit rate : limits.rates()) {
                Optional<Instant> opens = rateOpens(group, rate, now);
                if (opens.isPresent()) {
                    return Optional.of(new Blocked("rate " + group, "rate:" + group, opens));
                }
            }
        }
        for (LockRef lock : r.locks()) {
            List<Lease> conflicting = leases.values().stream()
                    .filter(l -> l.request().locks().stream().anyMatch(h -> h.name().equals(lock.name())
                            && !(h.shared() && lock.shared())))
                    .toList();
            if (!conflicting.isEmpty()) {
                return Optional.of(new Blocked("lock " + lock.name(), "lock:" + lock.name(), earliestExpiry(conflicting)));
            }
        }
        leases.put(holder, new Lease(r, now.plus(leaseTime)));
        if (group != null && !limits(group).rates().isEmpty()) {
            starts.computeIfAbsent(group, g -> new ArrayDeque<>()).addLast(now);
        }
        return Optional.empty();
    }

    /** When the window lets one more start through, or empty if it does now. */
    private Optional<Instant> rateOpens(String group, RateLimit rate, Instant now) {
        Deque<Instant> recent = starts.getOrDefault(group, new ArrayDeque<>());
        Duration window = rate.window().plus(RECORD_PRECISION);
        Instant from = now.minus(window);
        List<Instant> in = recent.stream().filter(t -> t.isAfter(from)).toList();
        if (in.size() < rate.starts()) {
            return Optional.empty();
        }
        // the window admits a start again once enough of the starts in it have aged out
        return Optional.of(in.get(in.size() - rate.starts()).plus(window));
    }

    @Override
    public synchronized void release(long runId, String task) {
        leases.remove(new Holder(runId, task));
    }

    @Override
    public synchronized void releaseRun(long runId) {
        leases.keySet().removeIf(h -> h.runId() == runId);
        runGroups.remove(runId);
    }

    @Override
    public synchronized void renew(Collection<Holder> holders, Instant now) {
        for (Holder h : holders) {
            Lease l = leases.get(h);
            if (l != null && l.expires().isAfter(now)) {
                leases.put(h, new Lease(l.request(), now.plus(leaseTime)));
            }
        }
    }

    @Override
    public synchronized Snapshot snapshot(Instant now) {
        expire(now);
        Set<String> names = new LinkedHashSet<>(serverGroups.keySet());
        runGroups.values().forEach(m -> names.addAll(m.keySet()));
        leases.values().forEach(l -> {
            if (l.request().group() != null) {
                names.add(l.request().group());
            }
        });
        List<GroupState> groups = new ArrayList<>();
        for (String g : names) {
            Limits limits = limits(g);
            List<Holder> running = leases.entrySet().stream().filter(e -> g.equals(e.getValue().request().group()))
                    .map(Map.Entry::getKey).toList();
            int inWindow = limits.rates().stream().mapToInt(rate -> (int) starts.getOrDefault(g, new ArrayDeque<>()).stream()
                    .filter(t -> t.isAfter(now.minus(rate.window()))).count()).max().orElse(0);
            groups.add(new GroupState(g, limits.maxConcurrent(), limits.rates().stream().map(RateLimit::toString).toList(),
                    serverGroups.containsKey(g) ? "server" : "workflow", running, inWindow));
        }
        Map<String, List<LockHolder>> locks = new LinkedHashMap<>();
        leases.forEach((h, l) -> l.request().locks().forEach(lock -> locks.computeIfAbsent(lock.name(), k -> new ArrayList<>())
                .add(new LockHolder(h.runId(), h.task(), lock.mode().label(), l.expires()))));
        List<LockState> lockStates = new ArrayList<>();
        locks.forEach((name, holders) -> lockStates.add(new LockState(name, holders)));
        return new Snapshot(groups, lockStates);
    }

    private record Limits(int maxConcurrent, List<RateLimit> rates) {
    }

    private Limits limits(String group) {
        GroupSpec server = serverGroups.get(group);
        if (server != null) {
            return new Limits(server.maxConcurrent(), server.rate().map(List::of).orElse(List.of()));
        }
        int max = 0;
        Set<RateLimit> rates = new LinkedHashSet<>();
        for (Map<String, GroupSpec> defs : runGroups.values()) {
            GroupSpec g = defs.get(group);
            if (g != null) {
                if (g.maxConcurrent() > 0) {
                    max = max == 0 ? g.maxConcurrent() : Math.min(max, g.maxConcurrent());
                }
                g.rate().ifPresent(rates::add);
            }
        }
        return new Limits(max, List.copyOf(rates));
    }

    /** Drops expired leases (their holders stopped renewing) and starts older than every window. */
    private void expire(Instant now) {
        leases.values().removeIf(l -> !l.expires().isAfter(now));
        for (Iterator<Map.Entry<String, Deque<Instant>>> it = starts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Instant>> e = it.next();
            Duration longest = limits(e.getKey()).rates().stream().map(RateLimit::window).max(Duration::compareTo)
                    .orElse(Duration.ZERO).plus(RECORD_PRECISION);
            Deque<Instant> d = e.getValue();
            while (!d.isEmpty() && !d.peekFirst().isAfter(now.minus(longest))) {
                d.pollFirst();
            }
            if (d.isEmpty()) {
                it.remove();
            }
        }
    }

    private static Optional<Instant> earliestExpiry(List<Lease> leases) {
        return leases.stream().map(Lease::expires).min(Instant::compareTo);
    }

}
