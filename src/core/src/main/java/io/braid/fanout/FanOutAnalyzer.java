package io.braid.fanout;

import io.braid.job.Artifacts;
import io.braid.tasks.RunningTask;
import jakarta.batch.api.partition.AbstractPartitionAnalyzer;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import static io.braid.json.JsonP.JSON;

/**
 * Records a fan-out task's progress as its partitions end: {@code partitionsEnded} (in this execution; a
 * restart runs only the partitions that had not completed), {@code failed} and {@code partitions} (the plan).
 */
@Named(Artifacts.FAN_OUT_ANALYZER)
@Dependent
public class FanOutAnalyzer extends AbstractPartitionAnalyzer {
    @Inject
    RunningTask values;

    private int ended;
    private int failed;
    /** The plan's partitions, read once per step: the task's outputs grow with every partition that ends. */
    private Integer planned;

    @Override
    public void analyzeStatus(BatchStatus status, String exitStatus) {
        values.verifyStep();
        ended++;
        if (status == BatchStatus.FAILED) {
            failed++;
        }
        if (planned == null) {
            planned = Integer.parseInt(values.ownOutput("partitions").orElse("0"));
        }
        values.progress(JSON.createObjectBuilder().add("partitionsEnded", ended).add("failed", failed)
                .add("partitions", planned).build().toString());
    }
}
