package io.braid.conformance;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's records show that must be the same on every runtime: the run's status and executions, and per task
 * its status, attempts, outputs and the statuses of its fan-out partitions' tries. Times are left out (they differ
 * by nature); {@link #peak} reads them for the timing-free facts (what never ran at the same time).
 */
record Observed(String status, int executions, Map<String, Task> tasks) {
    record Task(String status, int attempts, Map<String, String> outputs, List<String> partitionTries, boolean hasError) {
    }

    static Observed of(JsonObject run, List<String> outputKeys) {
        Map<String, Task> tasks = new TreeMap<>();
        for (JsonValue v : run.getJsonArray("tasks")) {
            JsonObject t = v.asJsonObject();
            Map<String, String> outputs = new TreeMap<>();
            if (t.containsKey("outputs") && t.get("outputs").getValueType() == JsonValue.ValueType.OBJECT) {
                t.getJsonObject("outputs").forEach((k, o) -> {
                    if (outputKeys.contains(k)) {
                        outputs.put(k, o.toString());
                    }
                });
            }
            List<String> partitions = new ArrayList<>();
            if (t.containsKey("partitions")) {
                t.getJsonArray("partitions").stream().map(JsonValue::asJsonObject)
                        .sorted(Comparator.comparingInt((JsonObject p) -> p.getInt("index")).thenComparingInt(p -> p.getInt("attempt"))
                                .thenComparingLong(p -> p.getJsonNumber("execution").longValue()))
                        .forEach(p -> partitions.add(p.getInt("index") + ":" + p.getString("status")));
            }
            tasks.put(t.getString("id"), new Task(t.getString("status"), t.getInt("attempts"), outputs, partitions,
                    t.containsKey("error") && t.get("error").getValueType() == JsonValue.ValueType.STRING));
        }
        return new Observed(run.getString("status"), run.getInt("executions"), tasks);
    }

    Task task(String id) {
        Task t = tasks.get(id);
        if (t == null) {
            throw new AssertionError("no task " + id + " in " + this);
        }
        return t;
    }

    /** Most of the given tasks running at one instant (ends before starts at the same millisecond). */
    static int peak(JsonObject run, List<String> ids) {
        List<long[]> events = new ArrayList<>();
        for (JsonValue v : run.getJsonArray("tasks")) {
            JsonObject t = v.asJsonObject();
            if (ids.contains(t.getString("id")) && t.get("start").getValueType() == JsonValue.ValueType.STRING
                    && t.get("end").getValueType() == JsonValue.ValueType.STRING) {
                events.add(new long[]{Instant.parse(t.getString("start")).toEpochMilli(), 1});
                events.add(new long[]{Instant.parse(t.getString("end")).toEpochMilli(), -1});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int now = 0;
        int peak = 0;
        for (long[] e : events) {
            now += (int) e[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }
}
