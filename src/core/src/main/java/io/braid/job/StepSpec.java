package io.braid.job;

import io.braid.model.FanOut;
import io.braid.model.Retry;
import io.braid.model.Value;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static io.braid.json.JsonP.JSON;

/**
 * What a compiled task step tells the runtime, as step-level properties: the task's type and settings (for types
 * Braid runs itself), its retry policy, timeout and fan-out. Like {@link JobSpec}, all of it is fixed by the
 * workflow except the partition index, which the batch runtime fills in per partition.
 *
 * <p>Settings are kept as written: {@code ${…}} references are resolved by Braid when the task starts, never by
 * the batch runtime's substitution, so what the runtime hands a task is exactly what the workflow says.
 *
 * @param settings the task's settings, empty for types that run your own artifacts (they get batch properties)
 */
public record StepSpec(String type, Map<String, Value> settings, Retry retry, Optional<Duration> timeout,
                       Optional<FanOut> fanOut) {
    public static final String TYPE = "braid.type";
    /** Prefix of a setting: {@code braid.with.<name>}; a list or mapping is a JSON array or object of texts. */
    public static final String SETTING_PREFIX = "braid.with.";
    public static final String RETRY = "braid.retry";
    public static final String TIMEOUT = "braid.timeout";
    /** The fan-out partition's index, from the partition plan; not a number outside a partition. */
    public static final String PARTITION_INDEX = "braid.index";
    public static final String PARTITION_INDEX_VALUE = "#{partitionPlan['index']}";
    public static final String FAN_OUT_ITEMS = "braid.fanOut.items";
    public static final String FAN_OUT_RANGE = "braid.fanOut.range";
    public static final String FAN_OUT_FROM = "braid.fanOut.from";
    public static final String FAN_OUT_PARALLEL = "braid.fanOut.parallel";

    /** Whether the step is a fanned-out (partitioned) task. */
    public static boolean isFanOut(Properties step) {
        return step.getProperty(FAN_OUT_ITEMS) != null || step.getProperty(FAN_OUT_RANGE) != null || step.getProperty(FAN_OUT_FROM) != null;
    }
    private static final String PREFIX = "braid.";

    public StepSpec {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The step properties, in the order the compiler writes them. */
    public Map<String, String> properties() {
        Map<String, String> p = fixedProperties();
        if (fanOut.isPresent()) {
            p.put(PARTITION_INDEX, PARTITION_INDEX_VALUE);
        }
        return p;
    }

    /** All but the partition index. */
    public Map<String, String> fixedProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TYPE, type);
        settings.forEach((name, value) -> p.put(SETTING_PREFIX + name, encode(value)));
        if (retry.maxRetries() > 0) {
            JsonObjectBuilder r = JSON.createObjectBuilder().add("maxRetries", retry.maxRetries())
                    .add("delay", retry.delay().toMillis()).add("jitter", retry.jitter().toMillis())
                    .add("retryOn", JSON.createArrayBuilder(retry.retryOn())).add("abortOn", JSON.createArrayBuilder(retry.abortOn()));
            retry.maxDelay().ifPresent(d -> r.add("maxDelay", d.toMillis()));
            p.put(RETRY, r.build().toString());
        }
        timeout.ifPresent(d -> p.put(TIMEOUT, Long.toString(d.toMillis())));
        fanOut.ifPresent(f -> {
            switch (f.source()) {
                case ITEMS -> p.put(FAN_OUT_ITEMS, encode(f.value()));
                case RANGE -> p.put(FAN_OUT_RANGE, encode(f.value()));
                default -> p.put(FAN_OUT_FROM, encode(f.value()));
            }
            p.put(FAN_OUT_PARALLEL, f.parallel());
        });
        return p;
    }

    public static String encode(Value v) {
        if (v instanceof Value.Scalar s) {
            return s.text();
        }
        if (v instanceof Value.Sequence s) {
            return JsonText.list(s.items());
        }
        return JsonText.map(((Value.Mapping) v).entries());
    }

    /** The Braid properties of a running step, except the partition index. */
    public static Map<String, String> fixedProperties(Properties step) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : step.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !name.equals(PARTITION_INDEX)) {
                p.put(name, step.getProperty(name));
            }
        }
        return p;
    }

    /** The settings of a running step as written (lists and mappings as JSON). */
    public static Map<String, String> rawSettings(Properties step) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String name : step.stringPropertyNames()) {
            if (name.startsWith(SETTING_PREFIX)) {
                s.put(name.substring(SETTING_PREFIX.length()), step.getProperty(name));
            }
        }
        return s;
    }

    public static Optional<String> type(Properties step) {
        return Optional.ofNullable(step.getProperty(TYPE));
    }

    /** The partition this step execution is (0-based), or -1 on the step's own thread or without fan-out. */
    public static int partition(Properties step) {
        String index = step.getProperty(PARTITION_INDEX);
        return index == null || !index.trim().matches("\\d{1,9}") ? -1 : Integer.parseInt(index.trim());
    }

    public static Retry retry(Properties step) {
        String json = step.getProperty(RETRY);
        if (json == null || json.isBlank()) {
            return Retry.NONE;
        }
        JsonObject o = JsonText.object(json);
        return new Retry(o.getInt("maxRetries"), Duration.ofMillis(o.getJsonNumber("delay").longValue()),
                o.containsKey("maxDelay") ? Optional.of(Duration.ofMillis(o.getJsonNumber("maxDelay").longValue())) : Optional.empty(),
                Duration.ofMillis(o.getJsonNumber("jitter").longValue()),
                JsonText.readList(o.getJsonArray("retryOn").toString()), JsonText.readList(o.getJsonArray("abortOn").toString()));
    }

    public static Optional<Duration> timeout(Properties step) {
        String t = step.getProperty(TIMEOUT);
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(t.trim())));
    }
}
