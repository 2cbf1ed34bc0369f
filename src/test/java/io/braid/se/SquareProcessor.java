package io.braid.se;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/** Test application processor for {@code type: chunk}. */
@Named("squareProcessor")
@Dependent
public class SquareProcessor implements ItemProcessor {
    @Override
    public Object processItem(Object item) {
        long n = (Long) item;
        return n * n;
    }
}
