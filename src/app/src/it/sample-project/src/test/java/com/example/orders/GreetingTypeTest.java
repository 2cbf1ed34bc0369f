package com.example.orders;

import io.braid.spi.TaskType;
import io.braid.testkit.TaskTypeContract;

/** The team's own task type against Braid's contract for task types (found, checked, run, outputs as JSON). */
class GreetingTypeTest extends TaskTypeContract {
    @Override
    protected TaskType type() {
        return new GreetingType();
    }

    @Override
    protected String succeedingSettings() {
        return "{ name: Ada }";
    }
}
