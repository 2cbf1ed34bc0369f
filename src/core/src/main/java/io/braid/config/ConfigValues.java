package io.braid.config;

import io.braid.model.Durations;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed, strict readers of MicroProfile Config properties: a bad value throws, naming the property. */
public final class ConfigValues {
    private final Config config;

    public ConfigValues(Config config) {
        this.config = config;
    }

    public static ConfigValues current() {
        return new ConfigValues(ConfigProvider.getConfig());
    }

    public Config config() {
        return config;
    }

    public Optional<String> raw(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String text(String key, String otherwise) {
        return raw(key).orElse(otherwise);
    }

    /** A duration above zero, such as {@code 250ms}, {@code 30s}, {@code 1m}. */
    public Duration duration(String key, Duration otherwise) {
        return raw(key).map(v -> Durations.parse(v).filter(d -> !d.isZero())
                .orElseThrow(() -> bad(key, v, "a duration such as 250ms, 30s or 1m"))).orElse(otherwise);
    }

    public int integer(String key, int otherwise, int min, int max) {
        return (int) number(key, otherwise, min, max);
    }

    public long number(String key, long otherwise, long min, long max) {
        return raw(key).map(v -> {
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    throw bad(key, v, "a whole number from " + min + " to " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw bad(key, v, "a whole number from " + min + " to " + max);
            }
        }).orElse(otherwise);
    }

    public boolean bool(String key, boolean otherwise) {
        return raw(key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw bad(key, v, "true or false");
            }
            return Boolean.parseBoolean(v);
        }).orElse(otherwise);
    }

    public double fraction(String key, double otherwise) {
        return raw(key).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (d < 0 || d > 1) {
                    throw bad(key, v, "a fraction between 0 and 1");
                }
                return d;
            } catch (NumberFormatException e) {
                throw bad(key, v, "a fraction between 0 and 1");
            }
        }).orElse(otherwise);
    }

    /** A comma-separated list (empty if not set). */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        raw(key).ifPresent(v -> {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        });
        return out;
    }

    public static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("MicroProfile Config property " + key + " = '" + value + "': expected " + expected);
    }
}
