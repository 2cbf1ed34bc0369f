package io.braid.se;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/** Test application reader for {@code type: chunk}: the numbers 1..count, restartable from its checkpoint. */
@Named("numbersReader")
@Dependent
public class NumbersReader extends AbstractItemReader {
    @Inject
    @BatchProperty
    String count;
    private long next;

    @Override
    public void open(Serializable checkpoint) {
        next = checkpoint == null ? 1 : (Long) checkpoint;
    }

    @Override
    public Object readItem() {
        return next <= Long.parseLong(count) ? next++ : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
