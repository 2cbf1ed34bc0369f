package io.braid.types;

import io.braid.model.Durations;
import io.braid.spi.Declared;
import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code type: wait}: waits for {@code with.duration} without using CPU, and stops at once. For demos and benchmarks. */
public final class WaitType implements TaskType {

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.duration("duration").required().describe("how long to wait, e.g. 250ms, 2s"));
    }

    @Override
    public Optional<Duration> typicalDuration(Declared declared) {
        return declared.known("duration").flatMap(Durations::parse);
    }

    @Override
    public TaskAction action(TaskContext context) {
        Duration d = context.settings().duration("duration", Duration.ZERO);
        CountDownLatch stopped = new CountDownLatch(1);
        return new TaskAction() {
            @Override
            public Map<String, Object> attempt() throws InterruptedException {
                if (stopped.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("tasks[" + context.task() + "]: the wait was stopped");
                }
                return Map.of();
            }

            @Override
            public void cancel() {
                stopped.countDown();
            }
        };
    }
}
