package io.braid.gate;

import io.braid.job.Artifacts;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The no-op step the compiler places where JSL needs a step but Braid has no work: before a gate decision
 * that opens a flow (a decision may not come first) and as the target a skipped chain jumps to.
 */
@Named(Artifacts.MARK)
@Dependent
public class MarkBatchlet extends AbstractBatchlet {
    @Inject
    JobContext jobContext;
    @Inject
    ServerGate gates;

    @Override
    public String process() {
        gates.verified(jobContext);
        return "MARK";
    }
}
