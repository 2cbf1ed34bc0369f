package io.braid.bench;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/** The step of the plain-JBeret baseline: does nothing. */
@Named(NoopBatchlet.NAME)
@Dependent
public class NoopBatchlet extends AbstractBatchlet {
    static final String NAME = "benchNoop";

    @Override
    public String process() {
        return "COMPLETED";
    }
}
