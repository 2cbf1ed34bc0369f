package io.braid.gate;

import io.braid.runs.TaskStatus;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * {@link RunMetrics} in MicroProfile Metrics. Names, tags and example queries: docs/operations.md, "Metrics".
 *
 * <p>Every metric has a description (Prometheus HELP). Tags are bounded by what operators deploy (workflows, groups,
 * locks, statuses), never by what runs: a task tag multiplies the series by every task of every workflow, so it is
 * opt-in ({@code braid.metrics.perTask}). Timers are exported with histogram buckets
 * (META-INF/microprofile-config.properties), so percentiles can be computed across servers.
 */
final class MpRunMetrics implements RunMetrics {
    /** Reason families of waiting tasks, each a value of the {@code reason} tag. */
    private static final List<String> REASONS = List.of("run cap", "server cap", "cluster cap", "group", "rate", "lock");

    private static final Metadata CAP_EFFECTIVE = help("braid.server.cap.effective",
            "The server cap in force: most tasks running at once on this server (moves with adaptive concurrency)");
    private static final Metadata CAP_CONFIGURED = help("braid.server.cap.configured", "braid.maxParallel as configured");
    private static final Metadata RUNNING = help("braid.tasks.running", "Tasks holding a slot now, all runs of this server");
    private static final Metadata WAITING = help("braid.tasks.waiting", "Tasks waiting now, by what they wait for");
    private static final Metadata LATENCY = help("braid.task.dependency.latency",
            "From the end of a task's last need (or its run's start) to the task's start");
    private static final Metadata GROUP_RUNNING = help("braid.group.running", "Tasks holding a slot of the group now");
    private static final Metadata GROUP_LIMIT = help("braid.group.limit", "The group's maxConcurrent in force (0: none)");
    private static final Metadata LOCK_HOLDERS = help("braid.lock.holders", "Tasks holding the lock now");
    private static final Metadata TASKS = help("braid.tasks", "Tasks ended, by status");
    private static final Metadata DURATION = help("braid.task.duration", "Run time of each task attempt");
    private static final Metadata RETRIES = help("braid.task.retries", "Task attempts retried within their step (retry:)");
    private static final Metadata RUNS = help("braid.runs", "Runs (job executions) ended, by status");
    private static final Metadata SECRETS = help("braid.secrets.held",
            "Secret parameter values this server holds in memory for runs it accepted");

    private final MetricRegistry registry;
    private final Scheduler scheduler;
    /** Whether task durations and retries also carry a {@code task} tag (braid.metrics.perTask). */
    private final boolean perTask;
    /** Groups and locks with gauges already: they are registered when first seen, their names being the workflows'. */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    MpRunMetrics(Object registryBean, AdaptiveCap cap, Scheduler scheduler, IntSupplier waitingForNeeds, IntSupplier secretsHeld,
                 boolean perTask) {
        this.registry = (MetricRegistry) registryBean;
        this.scheduler = scheduler;
        this.perTask = perTask;
        registry.gauge(CAP_EFFECTIVE, cap, AdaptiveCap::cap);
        registry.gauge(CAP_CONFIGURED, cap, AdaptiveCap::configured);
        registry.gauge(RUNNING, scheduler, s -> s.view().running());
        registry.gauge(WAITING, waitingForNeeds, s -> s.getAsInt(), new Tag("reason", "needs"));
        registry.gauge(SECRETS, secretsHeld, IntSupplier::getAsInt);
        for (String reason : REASONS) {
            registry.gauge(WAITING, scheduler, s -> waiting(s.view().waitingByReason(), reason),
                    new Tag("reason", reason.replace(' ', '_')));
        }
    }

    private static Metadata help(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    private Tag[] taskTags(String workflow, String task) {
        return perTask ? new Tag[] {new Tag("workflow", workflow), new Tag("task", task)} : new Tag[] {new Tag("workflow", workflow)};
    }

    /** Waiting tasks whose reason starts with the family ({@code group api} counts as {@code group}). */
    private static long waiting(Map<String, Integer> byReason, String family) {
        return byReason.entrySet().stream().filter(e -> e.getKey().equals(family) || e.getKey().startsWith(family + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void taskStarted(String workflow, String task, Duration latency) {
        registry.timer(LATENCY, new Tag("workflow", workflow)).update(latency);
        ResourceLedger.Snapshot resources = scheduler.view().resources();
        for (ResourceLedger.GroupState g : resources.groups()) {
            if (watched.add("group " + g.name())) {
                Tag tag = new Tag("group", g.name());
                registry.gauge(GROUP_RUNNING, scheduler, s -> group(s, g.name()).map(x -> x.running().size()).orElse(0), tag);
                registry.gauge(GROUP_LIMIT, scheduler, s -> group(s, g.name()).map(ResourceLedger.GroupState::maxConcurrent).orElse(0), tag);
            }
        }
        for (ResourceLedger.LockState l : resources.locks()) {
            if (watched.add("lock " + l.name())) {
                registry.gauge(LOCK_HOLDERS, scheduler, s -> s.view().resources().locks().stream()
                        .filter(x -> x.name().equals(l.name())).mapToInt(x -> x.holders().size()).sum(), new Tag("lock", l.name()));
            }
        }
    }

    private static Optional<ResourceLedger.GroupState> group(Scheduler s, String name) {
        return s.view().resources().groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    @Override
    public void taskEnded(String workflow, String task, TaskStatus status, Duration took) {
        registry.counter(TASKS, new Tag("workflow", workflow), new Tag("status", status.name())).inc();
        if (took != null) {
            registry.timer(DURATION, taskTags(workflow, task)).update(took);
        }
    }

    @Override
    public void taskRetried(String workflow, String task) {
        registry.counter(RETRIES, taskTags(workflow, task)).inc();
    }

    @Override
    public void runEnded(String workflow, String status) {
        registry.counter(RUNS, new Tag("workflow", workflow), new Tag("status", status)).inc();
    }
}
