package io.braid.testkit;

import io.braid.runs.RunView;
import io.braid.runs.TaskView;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Fluent assertions on a run's records. Every failure says what was expected and shows the run's timeline
 * ({@link Timeline#describe}). Independent of the test framework: a failure is an {@link AssertionError}.
 *
 * <pre>{@code
 * assertThat(run).completed().peakConcurrencyAtMost(4)
 *         .task("transform").completed().attempts(2).startedAfter("extract")
 *         .and().task("publish").output("files", "3");
 * }</pre>
 */
public final class RunAssert {
    private final RunView run;

    private RunAssert(RunView run) {
        this.run = run;
    }

    public static RunAssert assertThat(RunView run) {
        if (run == null) {
            throw new AssertionError("no run");
        }
        return new RunAssert(run);
    }

    public RunView run() {
        return run;
    }

    public RunAssert completed() {
        return status("COMPLETED");
    }

    public RunAssert failed() {
        return status("FAILED");
    }

    public RunAssert stopped() {
        return status("STOPPED");
    }

    public RunAssert status(String expected) {
        check(expected.equals(run.status()), "run status " + expected + ", was " + run.status());
        return this;
    }

    /** The run took this many job executions (1: never restarted). */
    public RunAssert executions(int expected) {
        check(run.executions() == expected, expected + " execution(s), were " + run.executions());
        return this;
    }

    /** Each of these tasks has the status. */
    public RunAssert tasks(String status, String... ids) {
        Arrays.stream(ids).forEach(id -> task(id).status(status));
        return this;
    }

    /** At no instant did more than this many of its tasks run. */
    public RunAssert peakConcurrencyAtMost(int max) {
        int peak = Timeline.peakConcurrency(run.tasks());
        check(peak <= max, "at most " + max + " tasks at once, were " + peak);
        return this;
    }

    /** At some instant at least this many of its tasks ran. */
    public RunAssert peakConcurrencyAtLeast(int min) {
        int peak = Timeline.peakConcurrency(run.tasks());
        check(peak >= min, "at least " + min + " tasks at once, at most " + peak + " were");
        return this;
    }

    /** From the first task's start to the last one's end, at most this long. */
    public RunAssert makespanAtMost(Duration max) {
        Duration took = Timeline.makespan(run);
        check(took.compareTo(max) <= 0, "within " + max.toMillis() + " ms, took " + took.toMillis() + " ms");
        return this;
    }

    public TaskAssert task(String id) {
        return new TaskAssert(this, BraidTestKit.task(run, id));
    }

    void check(boolean holds, String expected) {
        if (!holds) {
            throw new AssertionError("expected " + expected + "\n" + Timeline.describe(run));
        }
    }

    /** Assertions on one task of the run; {@link #and()} returns to the run. */
    public static final class TaskAssert {
        private final RunAssert run;
        private final TaskView task;

        TaskAssert(RunAssert run, TaskView task) {
            this.run = run;
            this.task = task;
        }

        public TaskView task() {
            return task;
        }

        public RunAssert and() {
            return run;
        }

        /** Another task of the same run. */
        public TaskAssert task(String id) {
            return run.task(id);
        }

        public TaskAssert completed() {
            return status("COMPLETED");
        }

        public TaskAssert failed() {
            return status("FAILED");
        }

        /** Not run because a task it needs failed or was skipped. */
        public TaskAssert skipped() {
            return status("SKIPPED");
        }

        public TaskAssert cancelled() {
            return status("CANCELLED");
        }

        public TaskAssert stopped() {
            return status("STOPPED");
        }

        public TaskAssert status(String expected) {
            run.check(expected.equals(task.status()), "task " + task.id() + " " + expected + ", was " + task.status());
            return this;
        }

        /** Tried this many times over all executions of the run. */
        public TaskAssert attempts(int expected) {
            run.check(task.attempts() == expected, "task " + task.id() + " tried " + expected + " time(s), was " + task.attempts());
            return this;
        }

        /** Started no earlier than each of the others ended. */
        public TaskAssert startedAfter(String... others) {
            for (String other : others) {
                TaskView o = BraidTestKit.task(run.run, other);
                run.check(task.start() != null && o.end() != null && !task.start().isBefore(o.end()),
                        "task " + task.id() + " started after " + other + " ended");
            }
            return this;
        }

        /** Ran at the same time as each of the others for a moment. */
        public TaskAssert ranAlongside(String... others) {
            for (String other : others) {
                run.check(Timeline.overlap(task, BraidTestKit.task(run.run, other)),
                        "task " + task.id() + " ran alongside " + other);
            }
            return this;
        }

        /** Published the output, as JSON text: {@code output("rows", "200")}, {@code output("region", "\"EU\"")}. */
        public TaskAssert output(String key, String json) {
            String actual = task.outputs().get(key);
            run.check(json.equals(actual), "task " + task.id() + " output " + key + " = " + json + ", was " + actual
                    + " (outputs " + task.outputs() + ")");
            return this;
        }

        /** The error contains the text. */
        public TaskAssert errorContains(String text) {
            run.check(task.error() != null && task.error().contains(text),
                    "task " + task.id() + "'s error to contain '" + text + "', was " + task.error());
            return this;
        }

        /** Its fan-out partitions' tries, in the order they were recorded, have these statuses. */
        public TaskAssert partitionTries(String... statuses) {
            List<String> actual = task.partitions().stream().map(t -> t.status()).toList();
            run.check(actual.equals(List.of(statuses)), "task " + task.id() + " partition tries " + List.of(statuses)
                    + ", were " + actual);
            return this;
        }
    }
}
