package io.braid.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How often a failed task is tried again, and how long to wait between tries.
 *
 * @param delay    wait before the first retry; doubled for each further retry up to {@code maxDelay}
 * @param maxDelay longest wait between two tries (empty: {@code delay}, no growth)
 * @param jitter   up to this much is added to or taken from each wait at random
 * @param retryOn  exception classes (with subclasses) that are retried; empty: every exception
 * @param abortOn  exception classes that end the task at once, even if listed in {@code retryOn}
 */
public record Retry(int maxRetries, Duration delay, Optional<Duration> maxDelay, Duration jitter,
                    List<String> retryOn, List<String> abortOn) {
    public static final Retry NONE = new Retry(0, Duration.ZERO, Optional.empty(), Duration.ZERO, List.of(), List.of());

    public Retry {
        retryOn = List.copyOf(retryOn);
        abortOn = List.copyOf(abortOn);
    }

    public Retry(int maxRetries, Duration delay) {
        this(maxRetries, delay, Optional.empty(), Duration.ZERO, List.of(), List.of());
    }
}
