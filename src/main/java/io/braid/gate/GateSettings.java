package io.braid.gate;

import io.braid.model.Durations;
import io.braid.model.GroupSpec;
import io.braid.model.RateLimit;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate's server-wide tunables, read from MicroProfile Config when the application starts (server.xml
 * variables, system properties, environment, microprofile-config.properties). docs/operations.md lists them.
 *
 * @param serverCap most tasks running at once across all runs ({@code braid.maxParallel}; 0: no cap)
 * @param groups    server-wide groups ({@code braid.groups.<name>.maxConcurrent|rate|ratePerSecond})
 * @param lease     lease time of group slots and locks ({@code braid.locks.lease}); renewed every third of it
 * @param grace     how long a slot is held for an eligible task on its way ({@code braid.gate.grace})
 * @param agingStep waiting this long raises a task's priority one level ({@code braid.priority.agingStep})
 * @param history   earlier completed runs whose median task durations serve as estimates ({@code braid.estimates.history})
 */
public record GateSettings(int serverCap, List<GroupSpec> groups, Duration lease, Duration grace, Duration agingStep,
                           int history, AdaptiveCap.Settings adaptive) {
    public static final int DEFAULT_SERVER_CAP = 200;
    private static final Pattern GROUP_KEY = Pattern.compile("braid\\.groups\\.([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\\.(maxConcurrent|rate|ratePerSecond)");

    public static GateSettings from(Config config) {
        Reader r = new Reader(config);
        AdaptiveCap.Settings off = AdaptiveCap.Settings.off();
        AdaptiveCap.Settings adaptive = new AdaptiveCap.Settings(
                r.bool("braid.adaptive.enabled", false), r.integer("braid.adaptive.min", 1),
                r.fraction("braid.adaptive.cpuHigh", off.cpuHigh()), r.fraction("braid.adaptive.cpuLow", off.cpuLow()),
                r.fraction("braid.adaptive.heapHigh", off.heapHigh()), r.fraction("braid.adaptive.heapLow", off.heapLow()),
                r.duration("braid.adaptive.interval", off.interval()));
        return new GateSettings(r.integer("braid.maxParallel", DEFAULT_SERVER_CAP), r.groups(),
                r.duration("braid.locks.lease", Duration.ofSeconds(30)), r.duration("braid.gate.grace", Duration.ofMillis(50)),
                r.duration("braid.priority.agingStep", Duration.ofSeconds(30)), r.integer("braid.estimates.history", 20),
                adaptive);
    }

    /** Reads properties with a clear error naming the property when a value is wrong. */
    private record Reader(Config config) {
        Optional<String> raw(String key) {
            return config.getOptionalValue(key, String.class).map(String::trim);
        }

        int integer(String key, int dflt) {
            return raw(key).map(v -> {
                try {
                    int i = Integer.parseInt(v);
                    if (i < 0) {
                        throw bad(key, v, "a whole number of 0 or more");
                    }
                    return i;
                } catch (NumberFormatException e) {
                    throw bad(key, v, "a whole number");
                }
            }).orElse(dflt);
        }

        boolean bool(String key, boolean dflt) {
            return raw(key).map(v -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw bad(key, v, "true or false");
                }
                return Boolean.parseBoolean(v);
            }).orElse(dflt);
        }

        double fraction(String key, double dflt) {
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
            }).orElse(dflt);
        }

        Duration duration(String key, Duration dflt) {
            return raw(key).map(v -> Durations.parse(v).filter(d -> !d.isZero())
                    .orElseThrow(() -> bad(key, v, "a duration such as 250ms, 30s or 1m"))).orElse(dflt);
        }

        List<GroupSpec> groups() {
            Map<String, GroupSpec> groups = new TreeMap<>();
            for (String key : config.getPropertyNames()) {
                Matcher m = GROUP_KEY.matcher(key);
                if (!m.matches()) {
                    continue;
                }
                String name = m.group(1);
                GroupSpec g = groups.getOrDefault(name, GroupSpec.unlimited(name));
                String v = raw(key).orElse("");
                g = switch (m.group(2)) {
                    case "maxConcurrent" -> new GroupSpec(name, integer(key, 0), g.rate());
                    case "rate" -> new GroupSpec(name, g.maxConcurrent(),
                            Optional.of(RateLimit.parse(v).orElseThrow(() -> bad(key, v, "a rate such as 10/1m or 5/s"))));
                    default -> {
                        Optional<RateLimit> rate;
                        try {
                            rate = RateLimit.perSecond(Double.parseDouble(v));
                        } catch (NumberFormatException e) {
                            rate = Optional.empty();
                        }
                        yield new GroupSpec(name, g.maxConcurrent(),
                                Optional.of(rate.orElseThrow(() -> bad(key, v, "a positive number of starts per second"))));
                    }
                };
                groups.put(name, g);
            }
            return new ArrayList<>(groups.values());
        }

        private static IllegalArgumentException bad(String key, String value, String expected) {
            return new IllegalArgumentException("MicroProfile Config property " + key + " = '" + value
                    + "': expected " + expected);
        }
    }

    @Override
    public String toString() {
        return "serverCap=" + serverCap + ", groups=" + groups + ", lease=" + Durations.format(lease);
    }
}
