package io.braid.testing;

import io.braid.gate.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when the test says: aging, grace and lease tests without sleeping. */
public final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong reads = new AtomicLong();

    @Override
    public long nanos() {
        reads.incrementAndGet();
        return nanos.get();
    }

    /** How often the time was read: a test waits until code that polls has looked at it again. */
    public long reads() {
        return reads.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
