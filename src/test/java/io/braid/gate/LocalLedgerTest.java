package io.braid.gate;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-JVM ledger with explicit times. */
class LocalLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static ResourceRequest api(String task) {
        return new ResourceRequest(1, task, "api", List.of());
    }

    @Test
    void aRateAdmitsNoMoreThanItsStartsInAnySlidingWindow() {
        LocalLedger ledger = new LocalLedger(List.of(new GroupSpec("api", 0, RateLimit.parse("3/1s"))), Duration.ofMinutes(1));
        assertTrue(ledger.tryAcquire(api("a"), T0).isEmpty());
        assertTrue(ledger.tryAcquire(api("b"), T0.plusMillis(100)).isEmpty());
        assertTrue(ledger.tryAcquire(api("c"), T0.plusMillis(200)).isEmpty());
        ResourceLedger.Blocked blocked = ledger.tryAcquire(api("d"), T0.plusMillis(300)).orElseThrow();
        assertEquals("rate api", blocked.reason());
        // the first start leaves the window 1 s (+1 ms for millisecond records) after it
        assertEquals(Optional.of(T0.plusMillis(1001)), blocked.retryAt());
        assertTrue(ledger.tryAcquire(api("d"), T0.plusMillis(1000)).isPresent());
        assertTrue(ledger.tryAcquire(api("d"), T0.plusMillis(1002)).isEmpty());
        assertTrue(ledger.tryAcquire(api("e"), T0.plusMillis(1050)).isPresent(), "b and c are still in the window");
    }

    @Test
    void acquiringAgainForTheSameHolderRenewsInsteadOfCountingTwice() {
        LocalLedger ledger = new LocalLedger(List.of(new GroupSpec("api", 1, Optional.empty())), Duration.ofSeconds(10));
        assertTrue(ledger.tryAcquire(api("a"), T0).isEmpty());
        assertTrue(ledger.tryAcquire(api("a"), T0.plusSeconds(1)).isEmpty());
        assertEquals(1, ledger.snapshot(T0.plusSeconds(1)).groups().get(0).running().size());
        assertTrue(ledger.tryAcquire(api("b"), T0.plusSeconds(2)).isPresent());
    }

    @Test
    void leasesExpireUnlessRenewedAndReleaseRunFreesEverything() {
        LockRef lock = new LockRef("customer-table", LockRef.Mode.EXCLUSIVE);
        LocalLedger ledger = new LocalLedger(List.of(), Duration.ofSeconds(10));
        ResourceRequest first = new ResourceRequest(1, "a", null, List.of(lock));
        ResourceRequest second = new ResourceRequest(2, "b", null, List.of(lock));
        assertTrue(ledger.tryAcquire(first, T0).isEmpty());
        ledger.renew(List.of(new ResourceLedger.Holder(1, "a")), T0.plusSeconds(8));
        ResourceLedger.LockHolder holder = ledger.snapshot(T0.plusSeconds(9)).locks().get(0).holders().get(0);
        assertEquals(T0.plusSeconds(18), holder.leaseExpires());
        assertEquals("exclusive", holder.mode());
        assertTrue(ledger.tryAcquire(second, T0.plusSeconds(17)).isPresent(), "renewed at 8 s: held until 18 s");
        assertTrue(ledger.tryAcquire(second, T0.plusSeconds(18)).isEmpty(), "expired at 18 s");
        ledger.releaseRun(2);
        assertEquals(List.of(), ledger.snapshot(T0.plusSeconds(18)).locks());
    }
}
