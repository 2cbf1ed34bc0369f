package io.braid.types;

import io.braid.spi.TaskType;
import io.braid.testkit.TaskTypeContract;
import org.junit.jupiter.api.Tag;

/** The built-in {@code wait} type against the contract every task type must meet. */
@Tag("se")
class WaitTypeContractTest extends TaskTypeContract {
    @Override
    protected TaskType type() {
        return new WaitType();
    }

    @Override
    protected String succeedingSettings() {
        return "{ duration: 10ms }";
    }

    @Override
    protected String longRunningSettings() {
        return "{ duration: 1h }";
    }
}
