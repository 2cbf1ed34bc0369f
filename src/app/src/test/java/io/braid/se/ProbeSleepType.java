package io.braid.se;

import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task type of the tests' own ({@code probe-sleep}): an attempt sleeps for its {@code duration} and keeps count of
 * how many of its attempts run at once, so that a Fault Tolerance bulkhead on "your own types" can be checked. Known
 * only in FaultToleranceTest's JVM (its ServiceLoader file is in src/test/ft-types, src/app/pom.xml), so that no other
 * test sees a type that is not Braid's.
 */
public final class ProbeSleepType implements TaskType {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    @Override
    public String name() {
        return "probe-sleep";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.duration("duration").required().describe("how long an attempt sleeps"));
    }

    @Override
    public TaskAction action(TaskContext context) {
        Duration d = context.settings().duration("duration", Duration.ZERO);
        return () -> {
            int now = RUNNING.incrementAndGet();
            MOST_AT_ONCE.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(d.toMillis()); // Fault Tolerance's timeout interrupts it
                return Map.of("slept", d.toMillis());
            } finally {
                RUNNING.decrementAndGet();
            }
        };
    }
}
