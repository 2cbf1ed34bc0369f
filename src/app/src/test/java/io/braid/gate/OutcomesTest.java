package io.braid.gate;

import io.braid.runs.RunStatus;
import io.braid.runs.TaskStatus;
import jakarta.batch.runtime.BatchStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The outcome rules, row by row, without a batch runtime: how a task's step and a run's job end. */
@Tag("unit")
class OutcomesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                      | interruption | cancel | runStopping | skippedByGate | stopElsewhere | error | step batch status | job stopping | outcome
            completed                                   |              | false  | false       | false         | false         | false | COMPLETED         | false        | COMPLETED
            its batchlet threw                          |              | false  | false       | false         | false         | true  | FAILED            | false        | FAILED
            failed without an exception (Liberty)       |              | false  | false       | false         | false         | false | FAILED            | false        | FAILED
            timed out, whatever the step says           | TIMED_OUT    | false  | false       | false         | false         | false | COMPLETED         | false        | FAILED
            lease lost while stopping                   | LEASE_LOST   | false  | true        | false         | false         | true  | STOPPED           | true         | FAILED
            timed out beats a cancel                    | TIMED_OUT    | true   | false       | false         | false         | true  | FAILED            | false        | FAILED
            cancelled by an operator                    | CANCELLED    | true   | false       | false         | false         | true  | FAILED            | false        | CANCELLED
            cancelled before it did anything            |              | true   | false       | false         | false         | false | COMPLETED         | false        | CANCELLED
            fail-fast elsewhere, never started          |              | false  | true        | true          | false         | true  | FAILED            | false        | SKIPPED
            run stopping while it ran                   |              | false  | true        | false         | false         | true  | FAILED            | false        | STOPPED
            stop asked on another server, then it threw |              | false  | false       | false         | true          | true  | FAILED            | false        | STOPPED
            stop asked elsewhere, it completed          |              | false  | false       | false         | true          | false | COMPLETED         | false        | COMPLETED
            step stopped by the runtime                 |              | false  | false       | false         | false         | false | STOPPED           | false        | STOPPED
            step stopping                               |              | false  | false       | false         | false         | false | STOPPING          | false        | STOPPED
            job stopping after the step's work          |              | false  | false       | false         | false         | false | COMPLETED         | true         | STOPPED
            an error beats the job stopping             |              | false  | false       | false         | false         | true  | COMPLETED         | true         | FAILED
            """)
    void aTaskEndsAs(String ignored, RunGate.Interruption interruption, boolean cancel, boolean runStopping,
                     boolean skippedByGate, boolean stopElsewhere, boolean error, BatchStatus step, boolean jobStopping,
                     TaskStatus expected) {
        assertEquals(expected, Outcomes.task(new Outcomes.StepEnd(Optional.ofNullable(interruption), cancel, runStopping,
                skippedByGate, stopElsewhere, error, step, jobStopping)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | refused | failedFast | gate stopping | job batch status | tasks                         | run       | unfinished tasks
            all completed                           | false   | false      | false         | COMPLETED        | COMPLETED COMPLETED           | COMPLETED | SKIPPED
            one failed                              | false   | false      | false         | COMPLETED        | COMPLETED FAILED              | FAILED    | SKIPPED
            one skipped after a failure             | false   | false      | false         | COMPLETED        | FAILED SKIPPED                | FAILED    | SKIPPED
            one cancelled                           | false   | false      | false         | COMPLETED        | COMPLETED CANCELLED           | FAILED    | SKIPPED
            one never reached                       | false   | false      | false         | COMPLETED        | COMPLETED PENDING             | FAILED    | SKIPPED
            the job failed with every task complete | false   | false      | false         | FAILED           | COMPLETED COMPLETED           | FAILED    | SKIPPED
            refused, whatever else                  | true    | false      | true          | STOPPED          | PENDING                       | FAILED    | STOPPED
            stopped by an operator                  | false   | false      | true          | STOPPING         | COMPLETED RUNNING WAITING     | STOPPED   | STOPPED
            stopped through the batch API           | false   | false      | false         | STOPPED          | COMPLETED STOPPED             | STOPPED   | STOPPED
            stopped, though every task completed    | false   | false      | true          | STOPPING         | COMPLETED COMPLETED           | STOPPED   | STOPPED
            fail-fast stops the job: still failed   | false   | true       | true          | STOPPED          | FAILED STOPPED PENDING        | FAILED    | SKIPPED
            """)
    void aRunEndsAs(String ignored, boolean refused, boolean failedFast, boolean gateStopping, BatchStatus job,
                    String tasks, RunStatus expected, TaskStatus unfinished) {
        List<TaskStatus> statuses = Arrays.stream(tasks.split(" ")).map(TaskStatus::valueOf).toList();
        Outcomes.RunEnd end = Outcomes.run(new Outcomes.JobEnd(refused, failedFast, gateStopping, job, statuses));
        assertEquals(expected, end.status());
        assertEquals(unfinished, end.unfinished());
    }
}
