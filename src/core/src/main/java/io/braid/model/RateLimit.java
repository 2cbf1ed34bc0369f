package io.braid.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code starts} task starts in any sliding window of length {@code window}.
 * Written {@code 10/1m}, {@code 5/s} or {@code 100/15m}; {@code ratePerSecond: 2.5} is the same as 5 per 2 s.
 */
public record RateLimit(int starts, Duration window) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d*)(ms|s|m|h)\\s*");

    public RateLimit {
        if (starts < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a rate needs at least one start per positive window");
        }
    }

    /** Parses {@code N/window}, where window is a duration and a bare unit means one of it ({@code 10/s}). */
    public static Optional<RateLimit> parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(1));
        Optional<Duration> w = Durations.parse((m.group(2).isEmpty() ? "1" : m.group(2)) + m.group(3));
        if (n < 1 || w.isEmpty() || w.get().isZero()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(n, w.get()));
    }

    /** A per-second rate as a window: whole rates per 1 s, fractions as whole starts per a longer window. */
    public static Optional<RateLimit> perSecond(double rate) {
        if (!(rate > 0) || rate > 1_000_000) {
            return Optional.empty();
        }
        if (rate == Math.rint(rate)) {
            return Optional.of(new RateLimit((int) rate, Duration.ofSeconds(1)));
        }
        // e.g. 0.5/s -> 1 per 2 s; 2.5/s -> 5 per 2 s (smallest whole number of starts, up to 1000)
        for (int n = 1; n <= 1000; n++) {
            double ms = n * 1000 / rate;
            if (Math.abs(ms - Math.rint(ms)) < 1e-6) {
                return Optional.of(new RateLimit(n, Duration.ofMillis(Math.round(ms))));
            }
        }
        return Optional.of(new RateLimit(1, Duration.ofMillis(Math.max(1, Math.round(1000 / rate)))));
    }

    @Override
    public String toString() {
        return starts + "/" + Durations.format(window);
    }
}
