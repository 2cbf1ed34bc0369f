package io.braid.types;

import io.braid.spi.TaskType;
import io.braid.testkit.TaskTypeContract;
import org.junit.jupiter.api.Tag;

/** The built-in {@code sql} type against the contract every task type must meet. */
@Tag("se")
class SqlTypeContractTest extends TaskTypeContract {
    @Override
    protected TaskType type() {
        return new SqlType();
    }

    @Override
    protected String succeedingSettings() {
        return "{ statement: \"SELECT 1 AS one\" }";
    }

    @Override
    protected String longRunningSettings() {
        // H2's SLEEP is not interruptible by a statement cancel before it ends; a long recursive query is
        return "{ statement: \"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000) SELECT COUNT(*) AS c FROM r\" }";
    }
}
