package io.braid.gate;

/**
 * Monotonic time in nanoseconds for the gate's durations (waits, aging, grace, leases): unlike the wall clock it
 * never steps, and tests can move it by hand.
 */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
