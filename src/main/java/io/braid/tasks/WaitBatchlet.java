package io.braid.tasks;

import io.braid.model.Durations;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runtime artifact of {@link WaitType}: waits on a latch, so it uses no CPU and stops at once. */
@Named(WaitType.ARTIFACT)
@Dependent
public class WaitBatchlet extends AbstractBatchlet {
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Inject
    @BatchProperty
    String duration;

    @Inject
    TaskValues values;

    @Override
    public String process() throws Exception {
        return values.tracked(this::work);
    }

    private String work() throws InterruptedException {
        values.onCancel(this::stop);
        Duration d = Durations.parse(duration).orElseThrow(() -> new IllegalArgumentException(
                "with.duration: '" + duration + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)"));
        boolean wasStopped = stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        return wasStopped ? "STOPPED" : "COMPLETED";
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
