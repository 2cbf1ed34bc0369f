package io.braid.model;

import java.time.Duration;

/** How often a failed task is tried again, and how long to wait between tries. */
public record Retry(int maxRetries, Duration delay) {
    public static final Retry NONE = new Retry(0, Duration.ZERO);
}
