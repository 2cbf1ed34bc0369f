package io.braid.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running task's settings, with every {@code ${…}} resolved for this run (parameters, outputs of earlier tasks,
 * the fan-out item). Values are data: bind them (JDBC parameters, HTTP bodies), never paste them into code.
 */
public interface Settings {

    boolean has(String name);

    /** A text setting, or null if not written. */
    String text(String name);

    default String text(String name, String otherwise) {
        String v = text(name);
        return v == null ? otherwise : v;
    }

    /** A number setting, or {@code otherwise} if not written. */
    long number(String name, long otherwise);

    /** A duration setting, or {@code otherwise} if not written. */
    Duration duration(String name, Duration otherwise);

    boolean flag(String name, boolean otherwise);

    /** A list setting's items (empty if not written). */
    List<String> list(String name);

    /** A mapping setting's entries in written order (empty if not written). */
    Map<String, String> map(String name);
}
