package io.braid.samples;

import io.braid.model.Durations;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;

/** Sample application batchlet for restart demos: works for {@code duration}, then fails if {@code fail=true}. */
@Named("failOnDemand")
@Dependent
public class FailOnDemandBatchlet extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String fail;

    @Inject
    @BatchProperty
    String duration;

    @Override
    public String process() throws InterruptedException {
        Thread.sleep(Durations.parse(duration == null ? "0ms" : duration).orElse(Duration.ZERO).toMillis());
        if (Boolean.parseBoolean(fail)) {
            throw new IllegalStateException("failed on demand (job parameter fail=true)");
        }
        return "COMPLETED";
    }
}
