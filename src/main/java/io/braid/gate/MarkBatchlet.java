package io.braid.gate;

import io.braid.job.Artifacts;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/**
 * The no-op step the compiler places where JSL needs a step but Braid has no work: before a gate decision
 * that opens a flow (a decision may not come first) and as the target a skipped chain jumps to.
 */
@Named(Artifacts.MARK)
@Dependent
public class MarkBatchlet extends AbstractBatchlet {
    @Override
    public String process() {
        return "MARK";
    }
}
