package io.braid.spi;

import java.util.Map;

/** What a task does when it runs. Created per task (or fan-out partition) execution; not shared between threads. */
public interface TaskAction {

    /**
     * One attempt. Returns the task's outputs, which later tasks read as {@code ${tasks.<id>.outputs.<key>}}:
     * values are {@code String}, {@code Number}, {@code Boolean}, {@code null}, {@code List} or {@code Map} of
     * these. Throwing fails the attempt; under {@code retry:} Braid may call it again.
     */
    Map<String, Object> attempt() throws Exception;

    /**
     * Asks the attempt in progress to stop as soon as it can (called on another thread: cancel, timeout, stop of
     * the run). The attempt then returns or throws; Braid records the task CANCELLED, FAILED (timeout) or STOPPED.
     */
    default void cancel() {
    }
}
