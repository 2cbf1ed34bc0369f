package io.braid.fanout;

import io.braid.compile.JobProperties;
import io.braid.tasks.TaskValues;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans a fan-out task's partitions: one per item, from {@code items}, {@code range} or {@code from} (an
 * upstream output). It reads only durable data (the workflow and stored outputs), so on restart it computes
 * the same plan and the batch runtime re-runs only the partitions that did not complete. The items are also
 * stored as the task's output {@code items}.
 */
@Named(JobProperties.FAN_OUT_MAPPER)
@Dependent
public class FanOutMapper implements PartitionMapper {
    public static final int MAX_PARTITIONS = 10_000;
    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)\\s*");

    @Inject @BatchProperty String items;
    @Inject @BatchProperty String range;
    @Inject @BatchProperty String from;
    @Inject @BatchProperty String parallel;
    @Inject
    TaskValues values;

    @Override
    public PartitionPlan mapPartitions() {
        JsonArray list = items();
        if (list.size() > MAX_PARTITIONS) {
            throw new IllegalStateException("tasks[" + values.task() + "].fanOut: " + list.size()
                    + " items, at most " + MAX_PARTITIONS + " partitions");
        }
        values.merge(Map.of("items", list, "partitions", Json.createValue(list.size())));
        int threads = Integer.parseInt(values.resolve("fanOut.parallel", parallel).trim());
        Properties[] props = new Properties[list.size()];
        for (int i = 0; i < list.size(); i++) {
            JsonValue item = list.get(i);
            Properties p = new Properties();
            p.setProperty("index", Integer.toString(i));
            p.setProperty("item", item.toString());
            p.setProperty("itemText", item instanceof JsonString s ? s.getString() : item.toString());
            if (item instanceof JsonObject o) { // ${item.field} for application artifacts (JSL substitution)
                o.forEach((k, v) -> p.setProperty("item." + k, v instanceof JsonString s ? s.getString() : v.toString()));
            }
            props[i] = p;
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(list.size());
        plan.setThreads(Math.max(1, Math.min(threads, Math.max(1, list.size()))));
        plan.setPartitionProperties(props);
        return plan;
    }

    private JsonArray items() {
        if (items != null && !items.isBlank()) {
            List<String> resolved = values.resolveList("fanOut.items", items);
            return Json.createArrayBuilder(resolved).build();
        }
        if (range != null && !range.isBlank()) {
            String r = values.resolve("fanOut.range", range);
            Matcher m = RANGE.matcher(r);
            if (!m.matches()) {
                throw new IllegalArgumentException("tasks[" + values.task() + "].fanOut.range: '" + r + "' is not a range such as 1..12");
            }
            long lo = Long.parseLong(m.group(1));
            long hi = Long.parseLong(m.group(2));
            var b = Json.createArrayBuilder();
            for (long i = lo; i <= hi && i - lo < MAX_PARTITIONS + 1; i++) {
                b.add(i);
            }
            return b.build();
        }
        String json = values.resolve("fanOut.from", from);
        JsonValue v;
        try {
            v = Json.createReader(new StringReader(json)).readValue();
        } catch (RuntimeException e) {
            v = null;
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("tasks[" + values.task() + "].fanOut.from: " + from + " is not a list: " + json);
        }
        return a;
    }
}
