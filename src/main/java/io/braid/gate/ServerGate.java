package io.braid.gate;

import io.braid.model.GroupSpec;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's gate: the gates of the runs executing here (by run id = job instance id) and the one
 * {@link Scheduler} they share, with its ledger, lease heartbeat and adaptive cap.
 */
@ApplicationScoped
public class ServerGate {
    private final ConcurrentMap<Long, RunGate> gates = new ConcurrentHashMap<>();
    private GateSettings settings;
    private LocalLedger ledger;
    private AdaptiveCap cap;
    private Scheduler scheduler;
    private RunMetrics metrics = RunMetrics.NONE;
    /**
     * One daemon thread renews leases and samples load. It touches only in-memory state (no JNDI, transactions or
     * application context), so a plain executor is enough on both runtimes and needs no extra Liberty feature.
     */
    private ScheduledExecutorService timer;

    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<Object> beans;
    @jakarta.inject.Inject
    io.braid.runs.RunStore store;

    @PostConstruct
    void init() {
        settings = GateSettings.from(ConfigProvider.getConfig());
        ledger = new LocalLedger(settings.groups(), settings.lease());
        cap = new AdaptiveCap(settings.adaptive(), settings.serverCap(), LoadSignal.jvm());
        scheduler = new Scheduler(ledger, cap::cap, settings.grace(), settings.agingStep(), Clock.systemUTC());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "braid-gate-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beat = Math.max(10, settings.lease().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        if (settings.adaptive().enabled()) {
            long every = settings.adaptive().interval().toMillis();
            timer.scheduleWithFixedDelay(this::sampleLoad, every, every, TimeUnit.MILLISECONDS);
        }
        metrics = RunMetrics.create(beans, cap, scheduler,
                () -> gates.values().stream().mapToInt(RunGate::waitingForNeeds).sum());
    }

    private void heartbeat() {
        try {
            java.time.Instant now = java.time.Instant.now();
            java.util.Map<Long, java.util.List<String>> byRun = new java.util.HashMap<>();
            scheduler.heartbeat().forEach(h -> byRun.computeIfAbsent(h.runId(), k -> new java.util.ArrayList<>()).add(h.task()));
            byRun.forEach((run, tasks) -> store.heartbeats(run, tasks, now));
        } catch (RuntimeException e) {
            // keep beating: one failed renewal must not end all future ones
            java.util.logging.Logger.getLogger(ServerGate.class.getName()).warning("lease heartbeat failed: " + e);
        }
    }

    private void sampleLoad() {
        int before = cap.cap();
        if (cap.sample() != before) {
            scheduler.poke();
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }

    public void open(RunGate gate, Collection<GroupSpec> groups) {
        gates.put(gate.runId(), gate);
        scheduler.register(gate, groups);
    }

    public Optional<RunGate> find(long runId) {
        return Optional.ofNullable(gates.get(runId));
    }

    public RunGate get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException(
                "no gate for run " + runId + ": the job must declare the listener 'braidRunListener'"));
    }

    /** The run's execution ended: releases whatever it still holds. */
    public void close(long runId) {
        gates.remove(runId);
        scheduler.unregister(runId);
    }

    public Collection<RunGate> active() {
        return gates.values();
    }

    /** Calls {@link RunGate#timeOut} for the task after its timeout, unless cancelled (the task ended first). */
    public java.util.concurrent.ScheduledFuture<?> watch(RunGate gate, String task, long timeoutMillis) {
        return timer.schedule(() -> gate.timeOut(task), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public RunMetrics metrics() {
        return metrics;
    }

    /**
     * Runs a short record write on the gate's own thread: for callers inside a container transaction (a chunk's
     * listeners on Liberty), where Braid's resource-local records cannot commit, and which should not wait.
     */
    public void later(Runnable write) {
        timer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(ServerGate.class.getName()).warning("record write failed: " + e);
            }
        });
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ResourceLedger ledger() {
        return ledger;
    }

    public AdaptiveCap cap() {
        return cap;
    }

    public GateSettings settings() {
        return settings;
    }
}
