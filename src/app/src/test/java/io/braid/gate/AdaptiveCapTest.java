package io.braid.gate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("unit")
class AdaptiveCapTest {
    /** A load signal the test sets. */
    private static final class Dial implements LoadSignal {
        double cpu;
        double heap;

        @Override
        public double cpuLoad() {
            return cpu;
        }

        @Override
        public double heapUsed() {
            return heap;
        }
    }

    @Test
    void shrinksUnderLoadHoldsInTheBandAndGrowsBackWhenIdle() {
        Dial dial = new Dial();
        AdaptiveCap cap = new AdaptiveCap(new AdaptiveCap.Settings(true, 2, 0.85, 0.6, 0.9, 0.7, Duration.ofSeconds(1)), 20, dial);
        assertEquals(20, cap.cap());
        dial.cpu = 0.95;
        List<Integer> down = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            down.add(cap.sample());
        }
        assertEquals(List.of(15, 12, 9, 7, 6, 5, 4, 3), down);
        assertEquals("cpu 0.95", cap.reason());
        dial.cpu = 0.7; // between the marks: hysteresis, no change
        assertEquals(3, cap.sample());
        dial.cpu = 0.2;
        dial.heap = 0.95; // heap alone is enough to shrink
        assertEquals(2, cap.sample());
        assertEquals(2, cap.sample(), "never below min");
        dial.heap = 0.5;
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            up.add(cap.sample());
        }
        assertEquals(List.of(4, 6, 8, 10, 12, 14, 16, 18, 20, 20), up);
        assertEquals("configured", cap.reason());
    }

    @Test
    void disabledKeepsTheConfiguredCap() {
        Dial dial = new Dial();
        dial.cpu = 1;
        AdaptiveCap cap = new AdaptiveCap(AdaptiveCap.Settings.off(), 50, dial);
        assertEquals(50, cap.sample());
    }
}
