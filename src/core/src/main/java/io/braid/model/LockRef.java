package io.braid.model;

import java.util.Locale;

/**
 * A named resource a task holds from its start to its end, across all runs on the server.
 * Exclusive holders exclude everyone; shared holders exclude only exclusive ones.
 */
public record LockRef(String name, Mode mode) {
    public enum Mode {
        EXCLUSIVE, SHARED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean shared() {
        return mode == Mode.SHARED;
    }
}
