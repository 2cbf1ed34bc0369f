package io.braid.job;

import io.braid.model.LockRef;

import java.util.List;

/** What a task claims besides a slot: its group (null: none) and its locks. */
public record ClaimSpec(String group, List<LockRef> locks) {
    public static final ClaimSpec NONE = new ClaimSpec(null, List.of());

    public ClaimSpec {
        locks = List.copyOf(locks);
    }
}
