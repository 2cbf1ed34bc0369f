package io.braid.fanout;

import io.braid.compile.JobProperties;
import io.braid.tasks.TaskValues;
import jakarta.batch.api.partition.AbstractPartitionAnalyzer;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Records a fan-out task's progress as its partitions end: {@code partitionsEnded} (in this execution; a
 * restart runs only the partitions that had not completed), {@code failed} and {@code partitions} (the plan).
 */
@Named(JobProperties.FAN_OUT_ANALYZER)
@Dependent
public class FanOutAnalyzer extends AbstractPartitionAnalyzer {
    @Inject
    TaskValues values;

    private int ended;
    private int failed;

    @Override
    public void analyzeStatus(BatchStatus status, String exitStatus) {
        ended++;
        if (status == BatchStatus.FAILED) {
            failed++;
        }
        values.progress("{\"partitionsEnded\": " + ended + ", \"failed\": " + failed + ", \"partitions\": "
                + values.ownOutputs().getOrDefault("partitions", "0") + "}");

    }
}
