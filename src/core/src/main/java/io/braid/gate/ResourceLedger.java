package io.braid.gate;

import io.braid.model.GroupSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state behind Braid's shared limits: concurrency groups, rate windows and leased locks. Every grant is a
 * lease of a holder (run, task) that expires unless renewed, so what a dead holder took comes back on its own.
 *
 * <p>This is the one seam for sharing limits between servers: {@link LocalLedger} keeps the state in this JVM; a
 * database-backed implementation keeps the same in tables. Callers rely only on this contract:
 * <ul>
 *   <li>{@link #tryAcquire} is atomic: the request gets its group slot, a rate token and all its locks, or nothing
 *   (so a task needing several locks can never hold some while waiting for others);</li>
 *   <li>holders are identified by (run, task), so acquiring again for the same holder renews instead of counting
 *   twice (idempotent across retries of a call);</li>
 *   <li>each grant carries a <b>fencing token</b>, larger than every token granted before it for the same
 *   resources; {@link #renew} reports every holder whose lease was lost (it expired, and may since have been
 *   granted to another): such a holder must stop acting as one;</li>
 *   <li>times are the ledger's own (monotonic in this JVM, the database's clock across servers).</li>
 * </ul>
 */
public interface ResourceLedger {
    /** The resource of a cluster-wide cap on running tasks ({@link JdbcLedger} with {@code braid.cluster.maxParallel}). */
    String CLUSTER = "cluster";

    /** Whether the request must be granted by the ledger: it needs a group or locks, or every task counts here. */
    default boolean needs(ResourceRequest request) {
        return request.needsLedger();
    }

    /** Group definitions a running workflow declared; they apply while the run is registered. */
    void defineGroups(long runId, Collection<GroupSpec> groups);

    /** Takes everything the request needs, or nothing. */
    Acquisition tryAcquire(ResourceRequest request);

    /** The holder ended: its group slot and locks are free at once. Its rate token stays in the window. */
    void release(long runId, String task);

    /** The run stopped, failed or ended: releases everything it holds and forgets its group definitions. */
    void releaseRun(long runId);

    /**
     * Extends the leases of these holders (heartbeat of tasks that are still running), each under the token it was
     * granted with.
     *
     * @return the holders whose lease was lost: expired before this renewal, or now held under another token
     */
    Set<Holder> renew(Map<Holder, Long> tokens);

    /** Groups and locks as they are now (expired leases removed). */
    Snapshot snapshot();

    /** A holder of a lease. */
    record Holder(long runId, String task) {
    }

    /**
     * What {@link #tryAcquire} gave: a lease with its fencing token, or why not.
     *
     * @param token   the lease's fencing token when granted (0 otherwise)
     * @param blocked why not, or null when granted
     */
    record Acquisition(long token, Blocked blocked) {
        public static Acquisition granted(long token) {
            return new Acquisition(token, null);
        }

        public static Acquisition refused(Blocked blocked) {
            return new Acquisition(0, blocked);
        }

        public boolean isGranted() {
            return blocked == null;
        }
    }

    /**
     * Why a request was refused.
     *
     * @param reason   what the task waits for, for people: {@code group api}, {@code rate api}, {@code lock x},
     *                 {@code cluster cap}
     * @param resource the resource, as {@code group:api}, {@code lock:x} or {@code cluster}, so the scheduler can keep it for the
     *                 refused task against worse-ranked ones
     * @param retryIn  when the refusal ends by itself (a rate window opening, a lease expiring), if known
     */
    record Blocked(String reason, String resource, Optional<Duration> retryIn) {
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

    /** @param leaseExpires when the lease runs out unless renewed, on the wall clock (for people) */
    record LockHolder(long runId, String task, String mode, Instant leaseExpires) {
    }
}
