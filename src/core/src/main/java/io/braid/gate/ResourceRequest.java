package io.braid.gate;

import io.braid.model.LockRef;

import java.util.List;

/**
 * What one task attempt takes from the shared resources while it runs: a slot of its group (null: none) and
 * its locks. The holder is the pair (run, task).
 */
public record ResourceRequest(long runId, String task, String group, List<LockRef> locks) {
    public ResourceRequest {
        locks = List.copyOf(locks);
    }

    public boolean needsLedger() {
        return group != null || !locks.isEmpty();
    }
}
