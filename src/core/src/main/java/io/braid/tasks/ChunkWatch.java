package io.braid.tasks;

import io.braid.job.Artifacts;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import static io.braid.json.JsonP.JSON;

/**
 * Watches a chunk task between chunks: records its progress (read, written, skipped, commits) after each
 * committed chunk, and stops it at that checkpoint when it is cancelled or runs out of time (the next chunk
 * fails before reading anything, so only committed chunks remain).
 */
@Named(Artifacts.CHUNK_WATCH)
@Dependent
public class ChunkWatch extends AbstractChunkListener {
    @Inject
    RunningTask values;
    @Inject
    StepContext stepContext;

    private boolean verified;

    @Override
    public void beforeChunk() {
        if (!verified) {
            values.verifyStep();
            verified = true;
        }
        if (values.cancelled()) {
            throw new IllegalStateException("tasks[" + values.task() + "]: stopped at a checkpoint (cancelled or timed out)");
        }
    }

    @Override
    public void afterChunk() {
        if (values.partition() >= 0) {
            return; // a fan-out partition: the task's progress counts partitions
        }
        long read = 0;
        long written = 0;
        long skipped = 0;
        long commits = 0;
        for (Metric m : stepContext.getMetrics()) {
            switch (m.getType()) {
                case READ_COUNT -> read = m.getValue();
                case WRITE_COUNT -> written = m.getValue();
                case READ_SKIP_COUNT, PROCESS_SKIP_COUNT, WRITE_SKIP_COUNT -> skipped += m.getValue();
                case COMMIT_COUNT -> commits = m.getValue();
                default -> {
                }
            }
        }
        values.progress(JSON.createObjectBuilder().add("read", read).add("written", written).add("skipped", skipped)
                .add("commits", commits).build().toString());
    }
}
