package io.braid.fanout;

import io.braid.job.Artifacts;
import io.braid.tasks.RunningTask;
import jakarta.batch.api.partition.AbstractPartitionReducer;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;

import static io.braid.json.JsonP.JSON;

/**
 * When every partition of a fan-out task has completed, gathers their outputs into the task's output
 * {@code results}: one object per item, in item order.
 */
@Named(Artifacts.FAN_OUT_REDUCER)
@Dependent
public class FanOutReducer extends AbstractPartitionReducer {
    @Inject
    RunningTask values;

    @Override
    public void afterPartitionedStepCompletion(PartitionStatus status) {
        values.verifyStep();
        if (status != PartitionStatus.COMMIT) {
            return;
        }
        Map<String, String> own = values.ownOutputs();
        int partitions = Integer.parseInt(own.getOrDefault("partitions", "0"));
        Map<Integer, JsonObjectBuilder> byIndex = new TreeMap<>();
        for (int i = 0; i < partitions; i++) {
            byIndex.put(i, JSON.createObjectBuilder());
        }
        own.forEach((name, json) -> {
            if (name.startsWith(RunningTask.PARTITION_OUTPUT)) {
                String rest = name.substring(RunningTask.PARTITION_OUTPUT.length());
                int dot = rest.indexOf('.');
                int index = Integer.parseInt(rest.substring(0, dot));
                byIndex.computeIfAbsent(index, k -> JSON.createObjectBuilder())
                        .add(rest.substring(dot + 1), JSON.createReader(new StringReader(json)).readValue());
            }
        });
        JsonArrayBuilder results = JSON.createArrayBuilder();
        byIndex.values().forEach(results::add);
        values.merge(Map.of("results", results.build()));
    }
}
