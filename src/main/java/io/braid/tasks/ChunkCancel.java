package io.braid.tasks;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Stops a chunk task at its next checkpoint when it is cancelled or runs out of time: before each chunk it
 * checks the gate and, if so, fails the chunk before reading anything, so only committed chunks remain.
 */
@Named(ChunkCancel.NAME)
@Dependent
public class ChunkCancel extends AbstractChunkListener {
    public static final String NAME = "braidChunkCancel";

    @Inject
    TaskValues values;

    @Override
    public void beforeChunk() {
        if (values.cancelled()) {
            throw new IllegalStateException("tasks[" + values.task() + "]: stopped at a checkpoint (cancelled or timed out)");
        }
    }
}
