package io.braid.gate;

import io.braid.model.GroupSpec;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The state behind Braid's shared limits: concurrency groups, rate windows and leased locks. Every grant is a
 * lease (run, task) that expires unless renewed, so what a dead holder took comes back on its own.
 *
 * <p>This is the one seam for sharing limits between servers: {@link LocalLedger} keeps the state in this JVM;
 * a database-backed implementation (see docs/architecture.md, "Sharing limits between servers") would keep the
 * same rows in tables and make {@link #tryAcquire} one transaction. Callers rely only on this contract:
 * <ul>
 *   <li>{@link #tryAcquire} is atomic: the request gets its group slot, a rate token and all its locks, or
 *   nothing (so a task needing several locks can never hold some while waiting for others);</li>
 *   <li>holders are identified by (run, task), so acquiring again for the same holder renews instead of
 *   counting twice (idempotent across retries of a call);</li>
 *   <li>times are wall-clock {@link Instant}s, comparable across servers.</li>
 * </ul>
 */
public interface ResourceLedger {

    /** Group definitions a running workflow declared; they apply while the run is registered. */
    void defineGroups(long runId, Collection<GroupSpec> groups);

    /**
     * Takes everything the request needs, or nothing.
     *
     * @return empty if granted; otherwise why not (e.g. {@code group api}, {@code rate api}, {@code lock x})
     */
    Optional<Blocked> tryAcquire(ResourceRequest request, Instant now);

    /** The holder ended: its group slot and locks are free at once. Its rate token stays in the window. */
    void release(long runId, String task);

    /** The run stopped, failed or ended: releases everything it holds and forgets its group definitions. */
    void releaseRun(long runId);

    /** Extends the leases of these holders (heartbeat of tasks that are still running). */
    void renew(Collection<Holder> holders, Instant now);

    /** Groups and locks as they are now (expired leases removed). */
    Snapshot snapshot(Instant now);

    /** A holder of a lease. */
    record Holder(long runId, String task) {
    }

    /**
     * Why a request was refused.
     *
     * @param reason   what the task waits for, for people: {@code group api}, {@code rate api}, {@code lock x}
     * @param resource the resource, as {@code group:api} or {@code lock:x}, so the scheduler can keep it for the
     *                 refused task against worse-ranked ones
     * @param retryAt  when the refusal ends by itself (a rate window opening, a lease expiring), if known
     */
    record Blocked(String reason, String resource, Optional<Instant> retryAt) {
    }

    record Snapshot(List<GroupState> groups, List<LockState> locks) {
    }

    /**
     * @param maxConcurrent effective limit (0: none)
     * @param rate          effective rate limits, e.g. {@code 10/1m}
     * @param source        {@code server} if defined server-wide, else {@code workflow}
     */
    record GroupState(String name, int maxConcurrent, List<String> rate, String source, List<Holder> running,
                      int startsInWindow) {
    }

    record LockState(String name, List<LockHolder> holders) {
    }

    record LockHolder(long runId, String task, String mode, Instant leaseExpires) {
    }
}
