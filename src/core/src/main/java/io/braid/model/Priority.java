package io.braid.model;

import java.util.Locale;

/** Order in which waiting tasks get a free slot: higher first. */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
