package io.braid.compile;

import io.braid.model.GroupSpec;
import io.braid.model.LockRef;
import io.braid.model.Priority;
import io.braid.model.RateLimit;
import io.braid.model.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the job- and step-level properties the compiler writes and Braid's batch artifacts read. The
 * compiled job XML carries everything the gate needs, so a job started by name or with inline JSL through
 * Liberty's batch REST API behaves exactly like one started through Braid.
 */
public final class JobProperties {
    public static final String WORKFLOW = "braid.workflow";
    public static final String MAX_PARALLEL = "braid.maxParallel";
    /** {@code true}: the first failed task stops the run. */
    public static final String FAIL_FAST = "braid.failFast";
    /** The graph: {@code id:need,need;id:…} in declaration order. */
    public static final String DAG = "braid.dag";
    /** Workflow parameters without default, comma-separated: checked when the job starts. */
    public static final String REQUIRED_PARAMS = "braid.requiredParams";
    /**
     * How tasks rank for a free slot: {@code id:priority:estimateMillis:e|g;…}. {@code e} marks an estimate
     * written in the workflow; {@code g} a guess (the type's hint or the default) that the median of earlier
     * runs replaces. The gate adds up the remaining critical path when the run starts.
     */
    public static final String RANKS = "braid.ranks";
    /** The workflow's concurrency groups: {@code name:maxConcurrent:starts/windowMillis;…} (0 or empty: none). */
    public static final String GROUPS = "braid.groups";
    /** Parameters marked {@code secret: true}, comma-separated: their values are masked in records and logs. */
    public static final String SECRET_PARAMS = "braid.secretParams";

    /** Prefix of the job properties carrying each parameter's value for the run (JSL-resolved, with default). */
    public static final String PARAM_PREFIX = "braid.param.";
    /** Group and locks of the tasks that have any: {@code id:group:lock,lock@shared;…}. */
    public static final String CLAIMS = "braid.claims";

    /** CDI names of Braid's batch artifacts. */
    public static final String RUN_LISTENER = "braidRunListener";
    public static final String TASK_LISTENER = "braidTaskListener";
    public static final String GATE = "braidGate";
    public static final String MARK = "braidMark";

    /** Step properties of a fan-out task: the partition's index and item (JSON); empty outside partitions. */
    public static final String PARTITION_INDEX = "braid.index";
    public static final String PARTITION_ITEM = "braid.item";
    public static final String FAN_OUT_MAPPER = "braidFanOut";
    public static final String FAN_OUT_REDUCER = "braidFanOutReducer";
    public static final String FAN_OUT_ANALYZER = "braidFanOutAnalyzer";

    /** Step properties: the task's retry policy (types retried in the step) and timeout in milliseconds. */
    public static final String RETRY = "braid.retry";
    public static final String TIMEOUT = "braid.timeout";

    /** {@code maxRetries;delayMs;maxDelayMs;jitterMs;retryOn,…;abortOn,…} */
    public static String encodeRetry(io.braid.model.Retry r) {
        return r.maxRetries() + ";" + r.delay().toMillis() + ";" + r.maxDelay().map(Duration::toMillis).orElse(-1L) + ";"
                + r.jitter().toMillis() + ";" + String.join(",", r.retryOn()) + ";" + String.join(",", r.abortOn());
    }

    public static io.braid.model.Retry decodeRetry(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return io.braid.model.Retry.NONE;
        }
        String[] p = encoded.split(";", -1);
        long maxDelay = Long.parseLong(p[2]);
        return new io.braid.model.Retry(Integer.parseInt(p[0]), Duration.ofMillis(Long.parseLong(p[1])),
                maxDelay < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(maxDelay)), Duration.ofMillis(Long.parseLong(p[3])),
                p[4].isEmpty() ? List.of() : List.of(p[4].split(",")), p[5].isEmpty() ? List.of() : List.of(p[5].split(",")));
    }

    /** Decider results. */
    public static final String RUN = "RUN";
    public static final String SKIP = "SKIP";

    private JobProperties() {
    }

    public static String encodeDag(List<String> ids, List<List<String>> needs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                b.append(';');
            }
            b.append(ids.get(i)).append(':').append(String.join(",", needs.get(i)));
        }
        return b.toString();
    }

    static String encodeRank(String id, Priority priority, long estimateMillis, boolean explicit) {
        return id + ":" + priority.label() + ":" + estimateMillis + ":" + (explicit ? "e" : "g");
    }

    /** A task's priority and own estimate as the compiler wrote them. */
    public record RankSpec(Priority priority, long estimateMillis, boolean explicit) {
    }

    /** Inverse of the {@link #RANKS} encoding. */
    public static Map<String, RankSpec> decodeRanks(String encoded) {
        Map<String, RankSpec> ranks = new LinkedHashMap<>();
        for (String entry : entries(encoded)) {
            String[] p = entry.split(":");
            ranks.put(p[0], new RankSpec(Priority.valueOf(p[1].toUpperCase(Locale.ROOT)), Long.parseLong(p[2]),
                    p.length > 3 && p[3].equals("e")));
        }
        return ranks;
    }

    static String encodeGroups(Collection<GroupSpec> groups) {
        StringBuilder b = new StringBuilder();
        for (GroupSpec g : groups) {
            b.append(b.length() == 0 ? "" : ";").append(g.name()).append(':').append(g.maxConcurrent()).append(':')
                    .append(g.rate().map(r -> r.starts() + "/" + r.window().toMillis()).orElse(""));
        }
        return b.toString();
    }

    public static List<GroupSpec> decodeGroups(String encoded) {
        List<GroupSpec> groups = new ArrayList<>();
        for (String entry : entries(encoded)) {
            String[] p = entry.split(":", -1);
            Optional<RateLimit> rate = Optional.empty();
            if (p.length > 2 && !p[2].isEmpty()) {
                String[] r = p[2].split("/");
                rate = Optional.of(new RateLimit(Integer.parseInt(r[0]), Duration.ofMillis(Long.parseLong(r[1]))));
            }
            groups.add(new GroupSpec(p[0], Integer.parseInt(p[1]), rate));
        }
        return groups;
    }

    static String encodeClaims(List<Task> tasks) {
        return tasks.stream().filter(t -> t.group().isPresent() || !t.locks().isEmpty())
                .map(t -> t.id() + ":" + t.group().orElse("") + ":" + t.locks().stream()
                        .map(l -> l.shared() ? l.name() + "@shared" : l.name()).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    /** What a task claims besides a slot: its group (may be null) and its locks. */
    public record ClaimSpec(String group, List<LockRef> locks) {
    }

    public static Map<String, ClaimSpec> decodeClaims(String encoded) {
        Map<String, ClaimSpec> claims = new LinkedHashMap<>();
        for (String entry : entries(encoded)) {
            String[] p = entry.split(":", -1);
            List<LockRef> locks = new ArrayList<>();
            if (p.length > 2 && !p[2].isEmpty()) {
                for (String l : p[2].split(",")) {
                    locks.add(l.endsWith("@shared") ? new LockRef(l.substring(0, l.length() - 7), LockRef.Mode.SHARED)
                            : new LockRef(l, LockRef.Mode.EXCLUSIVE));
                }
            }
            claims.put(p[0], new ClaimSpec(p[1].isEmpty() ? null : p[1], List.copyOf(locks)));
        }
        return claims;
    }

    private static List<String> entries(String encoded) {
        return encoded == null || encoded.isBlank() ? List.of() : List.of(encoded.split(";"));
    }

    /** Inverse of {@link #encodeDag}: task id to its needs, in declaration order. */
    public static Map<String, List<String>> decodeDag(String encoded) {
        Map<String, List<String>> dag = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return dag;
        }
        for (String entry : encoded.split(";")) {
            int colon = entry.indexOf(':');
            String id = entry.substring(0, colon);
            String rest = entry.substring(colon + 1);
            List<String> needs = new ArrayList<>();
            if (!rest.isEmpty()) {
                needs.addAll(List.of(rest.split(",")));
            }
            dag.put(id, List.copyOf(needs));
        }
        return dag;
    }
}
