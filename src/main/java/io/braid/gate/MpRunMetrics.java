package io.braid.gate;

import io.braid.runs.TaskStatus;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/** {@link RunMetrics} in MicroProfile Metrics. Names and tags: docs/operations.md, "Metrics". */
final class MpRunMetrics implements RunMetrics {
    /** Reason families of waiting tasks, each a value of the {@code reason} tag. */
    private static final List<String> REASONS = List.of("run cap", "server cap", "group", "rate", "lock");

    private final MetricRegistry registry;
    private final Scheduler scheduler;
    /** Groups and locks with gauges already: they are registered when first seen, their names being the workflows'. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    MpRunMetrics(Object registryBean, AdaptiveCap cap, Scheduler scheduler, IntSupplier waitingForNeeds) {
        this.registry = (MetricRegistry) registryBean;
        this.scheduler = scheduler;
        registry.gauge("braid.server.cap.effective", cap, AdaptiveCap::cap);
        registry.gauge("braid.server.cap.configured", cap, AdaptiveCap::configured);
        registry.gauge("braid.tasks.running", scheduler, s -> s.view().running());
        registry.gauge("braid.tasks.waiting", waitingForNeeds, s -> s.getAsInt(), new Tag("reason", "needs"));
        for (String reason : REASONS) {
            registry.gauge("braid.tasks.waiting", scheduler, s -> waiting(s.view().waitingByReason(), reason),
                    new Tag("reason", reason.replace(' ', '_')));
        }
    }

    /** Waiting tasks whose reason starts with the family ({@code group api} counts as {@code group}). */
    private static long waiting(Map<String, Integer> byReason, String family) {
        return byReason.entrySet().stream().filter(e -> e.getKey().equals(family) || e.getKey().startsWith(family + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void taskStarted(String workflow, String task, Duration latency) {
        registry.timer("braid.task.dependency.latency", new Tag("workflow", workflow)).update(latency);
        ResourceLedger.Snapshot resources = scheduler.view().resources();
        for (ResourceLedger.GroupState g : resources.groups()) {
            if (watched.add("group " + g.name())) {
                Tag tag = new Tag("group", g.name());
                registry.gauge("braid.group.running", scheduler, s -> group(s, g.name()).map(x -> x.running().size()).orElse(0), tag);
                registry.gauge("braid.group.limit", scheduler, s -> group(s, g.name()).map(ResourceLedger.GroupState::maxConcurrent).orElse(0), tag);
            }
        }
        for (ResourceLedger.LockState l : resources.locks()) {
            if (watched.add("lock " + l.name())) {
                registry.gauge("braid.lock.holders", scheduler, s -> s.view().resources().locks().stream()
                        .filter(x -> x.name().equals(l.name())).mapToInt(x -> x.holders().size()).sum(), new Tag("lock", l.name()));
            }
        }
    }

    private static Optional<ResourceLedger.GroupState> group(Scheduler s, String name) {
        return s.view().resources().groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    @Override
    public void taskEnded(String workflow, String task, TaskStatus status, Duration took) {
        registry.counter("braid.tasks", new Tag("workflow", workflow), new Tag("status", status.name())).inc();
        if (took != null) {
            registry.timer("braid.task.duration", new Tag("workflow", workflow), new Tag("task", task)).update(took);
        }
    }

    @Override
    public void taskRetried(String workflow, String task) {
        registry.counter("braid.task.retries", new Tag("workflow", workflow), new Tag("task", task)).inc();
    }

    @Override
    public void runEnded(String workflow, String status) {
        registry.counter("braid.runs", new Tag("workflow", workflow), new Tag("status", status)).inc();
    }
}
