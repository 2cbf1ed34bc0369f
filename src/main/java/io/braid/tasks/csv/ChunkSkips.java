package io.braid.tasks.csv;

import io.braid.tasks.TaskValues;
import jakarta.batch.api.chunk.listener.SkipReadListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Records each skipped bad line with its line number and reason. */
@Named(CsvImportType.SKIPS)
@Dependent
public class ChunkSkips implements SkipReadListener {
    @Inject
    ChunkProgress progress;
    @Inject
    JobContext jobContext;
    @Inject
    TaskValues values;

    @Override
    public void onSkipReadItem(Exception e) throws Exception {
        if (e instanceof BadLineException bad) {
            progress.skipped(jobContext.getInstanceId(), values.task(), bad.line(), bad.reason());
        }
    }
}
