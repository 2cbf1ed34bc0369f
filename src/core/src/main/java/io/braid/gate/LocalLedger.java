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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-JVM {@link ResourceLedger}: limits hold across all runs of this server. Thread-safe (every method is
 * synchronized; calls are short and never block). Time is the {@link Ticker}'s, so a wall clock that steps cannot
 * expire a lease early.
 *
 * <p>Group limits: a server-wide definition (MicroProfile Config) wins; otherwise every definition declared by
 * a run that is still registered applies at once (the lowest {@code maxConcurrent} and every rate).
 */
public final class LocalLedger implements ResourceLedger {
    /**
     * Run records keep start times in milliseconds; counting a window one millisecond longer than declared
     * keeps every window of the recorded times within the limit too.
     */
    private static final long RECORD_PRECISION = Duration.ofMillis(1).toNanos();

    private final Map<String, GroupSpec> serverGroups;
    private final Duration leaseTime;
    private final Ticker ticker;
    private final Clock wall;
    private final Map<Long, Map<String, GroupSpec>> runGroups = new HashMap<>();
    private final Map<Holder, Lease> leases = new LinkedHashMap<>();
    /** Recent starts (ticker nanos) per group with a rate, oldest first. */
    private final Map<String, Deque<Long>> starts = new HashMap<>();
    private long lastToken;

    private record Lease(ResourceRequest request, long expires, long token) {
    }

    public LocalLedger(Collection<GroupSpec> serverGroups, Duration leaseTime) {
        this(serverGroups, leaseTime, Ticker.SYSTEM, Clock.systemUTC());
    }

    public LocalLedger(Collection<GroupSpec> serverGroups, Duration leaseTime, Ticker ticker, Clock wall) {
        Map<String, GroupSpec> m = new LinkedHashMap<>();
        serverGroups.forEach(g -> m.put(g.name(), g));
        this.serverGroups = Map.copyOf(m);
        this.leaseTime = leaseTime;
        this.ticker = ticker;
        this.wall = wall;
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
    public synchronized Acquisition tryAcquire(ResourceRequest r) {
        long now = ticker.nanos();
        expire(now);
        Holder holder = new Holder(r.runId(), r.task());
        Lease held = leases.get(holder);
        if (held != null) {
            leases.put(holder, new Lease(r, now + leaseTime.toNanos(), held.token()));
            return Acquisition.granted(held.token());
        }
        String group = r.group();
        if (group != null) {
            Limits limits = limits(group);
            if (limits.maxConcurrent() > 0) {
                List<Lease> in = leases.values().stream().filter(l -> group.equals(l.request().group())).toList();
                if (in.size() >= limits.maxConcurrent()) {
                    return Acquisition.refused(new Blocked("group " + group, "group:" + group, earliestExpiry(in, now)));
                }
            }
            for (RateLimit rate : limits.rates()) {
                Optional<Duration> opens = rateOpens(group, rate, now);
                if (opens.isPresent()) {
                    return Acquisition.refused(new Blocked("rate " + group, "rate:" + group, opens));
                }
            }
        }
        for (LockRef lock : r.locks()) {
            List<Lease> conflicting = leases.values().stream()
                    .filter(l -> l.request().locks().stream().anyMatch(h -> h.name().equals(lock.name())
                            && !(h.shared() && lock.shared())))
                    .toList();
            if (!conflicting.isEmpty()) {
                return Acquisition.refused(new Blocked("lock " + lock.name(), "lock:" + lock.name(), earliestExpiry(conflicting, now)));
            }
        }
        long token = ++lastToken;
        leases.put(holder, new Lease(r, now + leaseTime.toNanos(), token));
        if (group != null && !limits(group).rates().isEmpty()) {
            starts.computeIfAbsent(group, g -> new ArrayDeque<>()).addLast(now);
        }
        return Acquisition.granted(token);
    }

    /** How long until the window lets one more start through, or empty if it does now. */
    private Optional<Duration> rateOpens(String group, RateLimit rate, long now) {
        Deque<Long> recent = starts.getOrDefault(group, new ArrayDeque<>());
        long window = rate.window().toNanos() + RECORD_PRECISION;
        List<Long> in = recent.stream().filter(t -> t > now - window).toList();
        if (in.size() < rate.starts()) {
            return Optional.empty();
        }
        // the window admits a start again once enough of the starts in it have aged out
        return Optional.of(Duration.ofNanos(in.get(in.size() - rate.starts()) + window - now));
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
    public synchronized Set<Holder> renew(Map<Holder, Long> tokens) {
        long now = ticker.nanos();
        Set<Holder> lost = new HashSet<>();
        tokens.forEach((h, token) -> {
            Lease l = leases.get(h);
            if (l != null && l.token() == token && l.expires() > now) {
                leases.put(h, new Lease(l.request(), now + leaseTime.toNanos(), token));
            } else {
                lost.add(h); // it ran out before this renewal: another may have been granted what it held
                if (l != null && l.token() == token) {
                    leases.remove(h);
                }
            }
        });
        return lost;
    }

    @Override
    public synchronized Snapshot snapshot() {
        long now = ticker.nanos();
        Instant wallNow = wall.instant();
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
                    .filter(t -> t > now - rate.window().toNanos()).count()).max().orElse(0);
            groups.add(new GroupState(g, limits.maxConcurrent(), limits.rates().stream().map(RateLimit::toString).toList(),
                    serverGroups.containsKey(g) ? "server" : "workflow", running, inWindow));
        }
        Map<String, List<LockHolder>> locks = new LinkedHashMap<>();
        leases.forEach((h, l) -> l.request().locks().forEach(lock -> locks.computeIfAbsent(lock.name(), k -> new ArrayList<>())
                .add(new LockHolder(h.runId(), h.task(), lock.mode().label(), wallNow.plusNanos(l.expires() - now)))));
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
    private void expire(long now) {
        leases.values().removeIf(l -> l.expires() <= now);
        for (Iterator<Map.Entry<String, Deque<Long>>> it = starts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Long>> e = it.next();
            long longest = limits(e.getKey()).rates().stream().mapToLong(r -> r.window().toNanos()).max().orElse(0)
                    + RECORD_PRECISION;
            Deque<Long> d = e.getValue();
            while (!d.isEmpty() && d.peekFirst() <= now - longest) {
                d.pollFirst();
            }
            if (d.isEmpty()) {
                it.remove();
            }
        }
    }

    private static Optional<Duration> earliestExpiry(List<Lease> leases, long now) {
        return leases.stream().mapToLong(Lease::expires).min().stream().mapToObj(e -> Duration.ofNanos(Math.max(0, e - now))).findFirst();
    }
}
