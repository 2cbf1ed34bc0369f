package io.braid.gate;

import java.time.Duration;
import java.util.Locale;

/**
 * The effective server cap. Fixed at the configured cap unless adaptive concurrency is enabled; then it
 * shrinks when CPU load or heap use is above its high mark and grows back when both are below their low marks
 * (between the marks it holds: hysteresis), within {@code [min, configured]}. Sampled periodically.
 */
public final class AdaptiveCap {
    /**
     * @param enabled  whether the cap adapts at all
     * @param min      never below this many running tasks
     * @param cpuHigh  shrink above this system CPU load (0..1)
     * @param cpuLow   may grow below this
     * @param heapHigh shrink above this heap use (0..1)
     * @param heapLow  may grow below this
     */
    public record Settings(boolean enabled, int min, double cpuHigh, double cpuLow, double heapHigh, double heapLow,
                           Duration interval) {
        public Settings {
            if (cpuLow > cpuHigh || heapLow > heapHigh) {
                throw new IllegalArgumentException("braid.adaptive: low marks must not exceed high marks");
            }
            min = Math.max(1, min);
        }

        public static Settings off() {
            return new Settings(false, 1, 0.85, 0.6, 0.85, 0.7, Duration.ofSeconds(5));
        }
    }

    private final Settings settings;
    private final int configured;
    private final LoadSignal signal;
    private volatile int effective;
    private volatile String lastReason = "configured";

    /** @param configured the configured server cap (0: none; adaptive then starts from 2 × cores) */
    public AdaptiveCap(Settings settings, int configured, LoadSignal signal) {
        this.settings = settings;
        this.configured = configured;
        this.signal = signal;
        this.effective = ceiling();
    }

    private int ceiling() {
        if (configured > 0 || !settings.enabled()) {
            return configured;
        }
        return Math.max(settings.min(), 2 * Runtime.getRuntime().availableProcessors());
    }

    /** The cap to apply now (0: none). */
    public int cap() {
        return effective;
    }

    public int configured() {
        return configured;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Why the cap is what it is: {@code configured}, {@code cpu 0.93}, {@code heap 0.91}, {@code recovering}. */
    public String reason() {
        return lastReason;
    }

    /** Takes one sample and moves the cap: down by a quarter when overloaded, up by a tenth (at least 1) when idle. */
    public synchronized int sample() {
        if (!settings.enabled()) {
            return effective;
        }
        double cpu = signal.cpuLoad();
        double heap = signal.heapUsed();
        int ceiling = ceiling();
        if (cpu > settings.cpuHigh() || heap > settings.heapHigh()) {
            effective = Math.max(settings.min(), effective - Math.max(1, effective / 4));
            lastReason = cpu > settings.cpuHigh() ? String.format(Locale.ROOT, "cpu %.2f", cpu)
                    : String.format(Locale.ROOT, "heap %.2f", heap);
        } else if ((cpu < 0 || cpu < settings.cpuLow()) && (heap < 0 || heap < settings.heapLow())) {
            effective = Math.min(ceiling, effective + Math.max(1, ceiling / 10));
            lastReason = effective == ceiling ? "configured" : "recovering";
        }
        return effective;
    }
}
