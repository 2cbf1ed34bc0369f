package io.braid.gate;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;
import io.braid.testing.ManualTicker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-JVM ledger on a ticker the test moves. */
@Tag("unit")
class LocalLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final ManualTicker ticker = new ManualTicker();

    private LocalLedger ledger(Duration lease, GroupSpec... serverGroups) {
        return new LocalLedger(List.of(serverGroups), lease, ticker, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static ResourceRequest api(String task) {
        return new ResourceRequest(1, task, "api", List.of());
    }

    private void at(long millisSinceStart) {
        ticker.advance(Duration.ofMillis(millisSinceStart - elapsed));
        elapsed = millisSinceStart;
    }

    private long elapsed;

    @Test
    void aRateAdmitsNoMoreThanItsStartsInAnySlidingWindow() {
        LocalLedger ledger = ledger(Duration.ofMinutes(1), new GroupSpec("api", 0, RateLimit.parse("3/1s")));
        assertTrue(ledger.tryAcquire(api("a")).isGranted());
        at(100);
        assertTrue(ledger.tryAcquire(api("b")).isGranted());
        at(200);
        assertTrue(ledger.tryAcquire(api("c")).isGranted());
        at(300);
        ResourceLedger.Blocked blocked = ledger.tryAcquire(api("d")).blocked();
        assertEquals("rate api", blocked.reason());
        // the first start leaves the window 1 s (+1 ms for millisecond records) after it
        assertEquals(Optional.of(Duration.ofMillis(701)), blocked.retryIn());
        at(1000);
        assertFalse(ledger.tryAcquire(api("d")).isGranted());
        at(1002);
        assertTrue(ledger.tryAcquire(api("d")).isGranted());
        at(1050);
        assertFalse(ledger.tryAcquire(api("e")).isGranted(), "b and c are still in the window");
    }

    @Test
    void acquiringAgainForTheSameHolderRenewsInsteadOfCountingTwice() {
        LocalLedger ledger = ledger(Duration.ofSeconds(10), new GroupSpec("api", 1, Optional.empty()));
        long token = ledger.tryAcquire(api("a")).token();
        at(1000);
        assertEquals(token, ledger.tryAcquire(api("a")).token(), "the same lease, the same token");
        assertEquals(1, ledger.snapshot().groups().get(0).running().size());
        at(2000);
        assertFalse(ledger.tryAcquire(api("b")).isGranted());
    }

    @Test
    void leasesExpireUnlessRenewedAndReleaseRunFreesEverything() {
        LockRef lock = new LockRef("customer-table", LockRef.Mode.EXCLUSIVE);
        LocalLedger ledger = ledger(Duration.ofSeconds(10));
        ResourceRequest first = new ResourceRequest(1, "a", null, List.of(lock));
        ResourceRequest second = new ResourceRequest(2, "b", null, List.of(lock));
        long token = ledger.tryAcquire(first).token();
        at(8000);
        assertEquals(Set.of(), ledger.renew(Map.of(new ResourceLedger.Holder(1, "a"), token)));
        at(9000);
        ResourceLedger.LockHolder holder = ledger.snapshot().locks().get(0).holders().get(0);
        assertEquals(T0.plusSeconds(9), holder.leaseExpires(), "9 s left on the wall clock's now");
        assertEquals("exclusive", holder.mode());
        at(17_999);
        assertFalse(ledger.tryAcquire(second).isGranted(), "renewed at 8 s: held until 18 s");
        at(18_000);
        assertTrue(ledger.tryAcquire(second).isGranted(), "expired at 18 s");
        ledger.releaseRun(2);
        assertEquals(List.of(), ledger.snapshot().locks());
    }

    @Test
    void aHolderWhoseLeaseRanOutLearnsItAndTheNextHolderHasALargerToken() {
        LockRef lock = new LockRef("x", LockRef.Mode.EXCLUSIVE);
        LocalLedger ledger = ledger(Duration.ofSeconds(1));
        ResourceLedger.Holder a = new ResourceLedger.Holder(1, "a");
        long tokenA = ledger.tryAcquire(new ResourceRequest(1, "a", null, List.of(lock))).token();
        at(1500); // a's renewal is late: its lease ran out at 1 s
        long tokenB = ledger.tryAcquire(new ResourceRequest(2, "b", null, List.of(lock))).token();
        assertTrue(tokenB > tokenA, "fencing: the later holder's token is larger");
        assertEquals(Set.of(a), ledger.renew(Map.of(a, tokenA)), "a learns that it lost the lock");
        assertEquals(List.of(2L), ledger.snapshot().locks().get(0).holders().stream().map(ResourceLedger.LockHolder::runId).toList(),
                "only b holds it");
    }
}
