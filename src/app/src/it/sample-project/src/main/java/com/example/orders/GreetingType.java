package com.example.orders;

import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The team's own task type, {@code type: greeting}: greets {@code with.name} and publishes {@code greeting} for later
 * tasks. {@code with.failTimes} makes its first attempts fail, to show that {@code retry:} works for it as for a
 * built-in type. Registered in META-INF/services/io.braid.spi.TaskType.
 */
public final class GreetingType implements TaskType {

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.text("name").required().describe("whom to greet"),
                Setting.number("failTimes", 0, 5).describe("attempts that fail before one succeeds"));
    }

    @Override
    public TaskAction action(TaskContext context) {
        String name = context.settings().text("name");
        long failTimes = context.settings().number("failTimes", 0);
        AtomicInteger attempts = new AtomicInteger();
        return new TaskAction() {
            @Override
            public Map<String, Object> attempt() {
                if (attempts.incrementAndGet() <= failTimes) {
                    throw new IllegalStateException("not yet (attempt " + attempts.get() + ")");
                }
                return Map.of("greeting", "Hello, " + name);
            }

            @Override
            public void cancel() {
                // nothing runs between attempts
            }
        };
    }
}
