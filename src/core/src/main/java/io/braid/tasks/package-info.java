/**
 * Running tasks: the one batchlet that runs every task type with a run-time action ({@link TaskBatchlet}), the
 * context it gives the type ({@link TaskRun}), and what Braid does around every attempt of every type once:
 * settings resolved for the run, the cancel hook, retry through MicroProfile Fault Tolerance, outputs published,
 * fan-out tries recorded, failures masked. Also the chunk watch for the {@code chunk} type.
 */
package io.braid.tasks;
