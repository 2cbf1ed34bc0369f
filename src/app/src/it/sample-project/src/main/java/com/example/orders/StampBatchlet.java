package com.example.orders;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The team's own batchlet, {@code type: batchlet, with: { ref: stampOrders, label: … }}: a plain Jakarta Batch artifact. */
@Named("stampOrders")
@Dependent
public class StampBatchlet extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String label;

    @Inject
    StepContext step;

    @Override
    public String process() {
        step.setPersistentUserData("stamped " + label); // kept in the job repository with the step
        return "COMPLETED";
    }
}
