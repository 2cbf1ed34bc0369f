package io.braid.gate;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The gates of the runs currently executing in this application, by run id (= job instance id). */
@ApplicationScoped
public class RunGates {
    private final ConcurrentMap<Long, RunGate> gates = new ConcurrentHashMap<>();

    public void open(RunGate gate) {
        gates.put(gate.runId(), gate);
    }

    public Optional<RunGate> find(long runId) {
        return Optional.ofNullable(gates.get(runId));
    }

    public RunGate get(long runId) {
        return find(runId).orElseThrow(() -> new IllegalStateException(
                "no gate for run " + runId + ": the job must declare the listener '" + "braidRunListener'"));
    }

    public void close(long runId) {
        gates.remove(runId);
    }

    public Collection<RunGate> active() {
        return gates.values();
    }
}
