package io.braid.gate;

import io.braid.config.ConfigValues;
import io.braid.model.Durations;
import io.braid.model.GroupSpec;
import io.braid.model.RateLimit;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param maxActiveRuns runs in flight at once on this server; more wait QUEUED ({@code braid.runs.maxActive}; 0: no limit)
 * @param serverId  this server's name in run records ({@code braid.server.id}); empty on the embedded runner
 * @param pendingNeedsWarning a gate waiting this long for needs that have not started logs BRAID0014W
 *                  ({@code braid.gate.pendingNeedsWarning})
 * @param ledger    where groups, rates and locks are kept ({@code braid.ledger}: {@code local} or {@code database})
 * @param ledgerPoll how often a server asks the database ledger again for a refused start ({@code braid.ledger.poll})
 * @param clusterCap most tasks running at once across every server on the database ({@code braid.cluster.maxParallel};
 *                  0: none; only with the database ledger)
 * @param perTaskMetrics task durations and retries also per task ({@code braid.metrics.perTask}; off: a series per task
 *                  of every workflow is more than a metrics server should keep)
 */
public record GateSettings(int serverCap, List<GroupSpec> groups, Duration lease, Duration grace, Duration agingStep,
                           int history, AdaptiveCap.Settings adaptive, int maxActiveRuns, Optional<String> serverId,
                           Duration pendingNeedsWarning, Ledger ledger, Duration ledgerPoll, int clusterCap,
                           boolean perTaskMetrics) {
    /** Where the ledger lives: this JVM ({@link LocalLedger}) or Braid's database, shared by servers ({@link JdbcLedger}). */
    public enum Ledger {
        LOCAL, DATABASE
    }

    public static final int DEFAULT_MAX_ACTIVE_RUNS = 50;

    public static final int DEFAULT_SERVER_CAP = 200;
    private static final Pattern GROUP_KEY = Pattern.compile("braid\\.groups\\.([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\\.(maxConcurrent|rate|ratePerSecond)");

    public static GateSettings from(Config config) {
        ConfigValues r = new ConfigValues(config);
        AdaptiveCap.Settings off = AdaptiveCap.Settings.off();
        AdaptiveCap.Settings adaptive = new AdaptiveCap.Settings(
                r.bool("braid.adaptive.enabled", false), r.integer("braid.adaptive.min", 1, 0, Integer.MAX_VALUE),
                r.fraction("braid.adaptive.cpuHigh", off.cpuHigh()), r.fraction("braid.adaptive.cpuLow", off.cpuLow()),
                r.fraction("braid.adaptive.heapHigh", off.heapHigh()), r.fraction("braid.adaptive.heapLow", off.heapLow()),
                r.duration("braid.adaptive.interval", off.interval()));
        Ledger ledger = ledger(r);
        int clusterCap = r.integer("braid.cluster.maxParallel", 0, 0, 1_000_000);
        if (clusterCap > 0 && ledger != Ledger.DATABASE) {
            throw ConfigValues.bad("braid.cluster.maxParallel", String.valueOf(clusterCap), "0 unless braid.ledger=database "
                    + "(a cluster-wide cap is kept in the shared database)");
        }
        return new GateSettings(r.integer("braid.maxParallel", DEFAULT_SERVER_CAP, 0, Integer.MAX_VALUE), groups(r),
                r.duration("braid.locks.lease", Duration.ofSeconds(30)), r.duration("braid.gate.grace", Duration.ofMillis(50)),
                r.duration("braid.priority.agingStep", Duration.ofSeconds(30)),
                r.integer("braid.estimates.history", 20, 0, 10_000), adaptive,
                r.integer("braid.runs.maxActive", DEFAULT_MAX_ACTIVE_RUNS, 0, 100_000), r.raw("braid.server.id"),
                r.duration("braid.gate.pendingNeedsWarning", Duration.ofMinutes(10)), ledger,
                r.duration("braid.ledger.poll", Duration.ofMillis(200)), clusterCap,
                r.bool("braid.metrics.perTask", false));
    }

    private static Ledger ledger(ConfigValues r) {
        String v = r.text("braid.ledger", "local");
        return switch (v) {
            case "local" -> Ledger.LOCAL;
            case "database" -> Ledger.DATABASE;
            default -> throw ConfigValues.bad("braid.ledger", v, "local or database");
        };
    }

    private static List<GroupSpec> groups(ConfigValues r) {
        Map<String, GroupSpec> groups = new TreeMap<>();
        for (String key : r.config().getPropertyNames()) {
            Matcher m = GROUP_KEY.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            GroupSpec g = groups.getOrDefault(name, GroupSpec.unlimited(name));
            String v = r.raw(key).orElse("");
            g = switch (m.group(2)) {
                case "maxConcurrent" -> new GroupSpec(name, r.integer(key, 0, 0, 100_000), g.rate());
                case "rate" -> new GroupSpec(name, g.maxConcurrent(),
                        Optional.of(RateLimit.parse(v).orElseThrow(() -> ConfigValues.bad(key, v, "a rate such as 10/1m or 5/s"))));
                default -> {
                    Optional<RateLimit> rate;
                    try {
                        rate = RateLimit.perSecond(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        rate = Optional.empty();
                    }
                    yield new GroupSpec(name, g.maxConcurrent(),
                            Optional.of(rate.orElseThrow(() -> ConfigValues.bad(key, v, "a positive number of starts per second"))));
                }
            };
            groups.put(name, g);
        }
        return new ArrayList<>(groups.values());
    }

    @Override
    public String toString() {
        return "serverCap=" + serverCap + ", groups=" + groups + ", lease=" + Durations.format(lease) + ", ledger="
                + ledger.name().toLowerCase(Locale.ROOT) + (clusterCap > 0 ? ", clusterCap=" + clusterCap : "");
    }
}
