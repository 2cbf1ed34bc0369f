package io.braid.tasks.csv;

import io.braid.tasks.TaskValues;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/** Publishes a chunk task's outputs when it completes: rows, skipped, skippedLines (first 1,000). */
@Named(CsvImportType.OUTPUTS)
@Dependent
public class ChunkOutputs extends jakarta.batch.api.listener.AbstractStepListener {
    static final int MAX_LISTED = 1000;

    @Inject
    ChunkProgress progress;
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    TaskValues values;

    @Override
    public void afterStep() throws Exception {
        if (stepContext.getException() != null || stepContext.getBatchStatus() == BatchStatus.FAILED) {
            return;
        }
        long run = jobContext.getInstanceId();
        String task = values.task();
        JsonArrayBuilder lines = Json.createArrayBuilder();
        progress.skips(run, task, MAX_LISTED).forEach(s -> lines.add(Json.createObjectBuilder()
                .add("line", s.line()).add("reason", s.reason())));
        Map<String, JsonValue> out = new LinkedHashMap<>();
        out.put("rows", Json.createValue(progress.totals(run, task).rowsWritten()));
        out.put("skipped", Json.createValue(progress.skipCount(run, task)));
        out.put("skippedLines", lines.build());
        values.publish(out);
    }
}
