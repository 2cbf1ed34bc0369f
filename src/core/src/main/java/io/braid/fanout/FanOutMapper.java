package io.braid.fanout;

import io.braid.job.Artifacts;
import io.braid.job.JsonText;
import io.braid.job.StepSpec;
import io.braid.tasks.RunningTask;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.braid.json.JsonP.JSON;

/**
 * Plans a fan-out task's partitions: one per item, from {@code items}, {@code range} or {@code from} (an
 * upstream output), as the step's {@code braid.fanOut.*} properties say. It reads only durable data (the workflow,
 * the run's parameters and stored outputs), so on restart it computes the same plan and the batch runtime re-runs
 * only the partitions that did not complete. The items are stored as the task's output {@code items}: each
 * partition reads its own from there by its index.
 */
@Named(Artifacts.FAN_OUT_MAPPER)
@Dependent
public class FanOutMapper implements PartitionMapper {
    public static final int MAX_PARTITIONS = 10_000;
    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)\\s*");

    @Inject
    RunningTask values;

    @Override
    public PartitionPlan mapPartitions() {
        values.verifyStep();
        Properties step = values.stepProperties();
        JsonArray list = items(step);
        if (list.size() > MAX_PARTITIONS) {
            throw new IllegalStateException("tasks[" + values.task() + "].fanOut: " + list.size()
                    + " items, at most " + MAX_PARTITIONS + " partitions");
        }
        values.merge(Map.of("items", list, "partitions", JSON.createValue(list.size())));
        String parallel = values.resolve("tasks[" + values.task() + "].fanOut.parallel",
                step.getProperty(StepSpec.FAN_OUT_PARALLEL, "4")).trim();
        int threads;
        try {
            threads = Integer.parseInt(parallel);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tasks[" + values.task() + "].fanOut.parallel: '" + values.masked(parallel)
                    + "' is not a whole number");
        }
        Properties[] props = new Properties[list.size()];
        for (int i = 0; i < list.size(); i++) {
            JsonValue item = list.get(i);
            Properties p = new Properties();
            p.setProperty("index", Integer.toString(i));
            // for your own artifacts, which see the item through JSL substitution
            p.setProperty("itemText", item instanceof JsonString s ? s.getString() : item.toString());
            if (item instanceof JsonObject o) {
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

    private JsonArray items(Properties step) {
        String field = "tasks[" + values.task() + "].fanOut";
        String items = step.getProperty(StepSpec.FAN_OUT_ITEMS);
        if (items != null) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            List<String> written = JsonText.readList(items);
            for (int i = 0; i < written.size(); i++) {
                b.add(values.resolve(field + ".items[" + i + "]", written.get(i)));
            }
            return b.build();
        }
        String range = step.getProperty(StepSpec.FAN_OUT_RANGE);
        if (range != null) {
            String r = values.resolve(field + ".range", range);
            Matcher m = RANGE.matcher(r);
            if (!m.matches()) {
                throw new IllegalArgumentException(field + ".range: '" + values.masked(r) + "' is not a range such as 1..12");
            }
            long lo = Long.parseLong(m.group(1));
            long hi = Long.parseLong(m.group(2));
            JsonArrayBuilder b = JSON.createArrayBuilder();
            for (long i = lo; i <= hi && i - lo < MAX_PARTITIONS + 1; i++) {
                b.add(i);
            }
            return b.build();
        }
        String from = step.getProperty(StepSpec.FAN_OUT_FROM);
        if (from == null) {
            throw new IllegalStateException(field + ": the step has no fan-out properties: it was not compiled by Braid");
        }
        String json = values.resolve(field + ".from", from);
        JsonValue v;
        try {
            v = JSON.createReader(new StringReader(json)).readValue();
        } catch (RuntimeException e) {
            v = null;
        }
        if (!(v instanceof JsonArray a)) {
            // the resolved value may hold a secret parameter: the message goes to the job log and the run's record
            throw new IllegalArgumentException(field + ".from: " + from + " is not a list: " + values.masked(json));
        }
        return a;
    }
}
