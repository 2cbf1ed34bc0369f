/**
 * The task-type SPI: what a {@code type:} of a workflow task is. A type declares its settings (typed, checked when
 * the workflow is compiled) and its run-time action (one attempt that returns outputs, and a cancel). Braid does
 * the rest for every type alike: the gate, tracking, retry, timeout, cancel, fan-out, outputs, secrets masking
 * and the checks that only a deployed workflow runs it. Types are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/io.braid.spi.TaskType}. See docs/task-types.md.
 *
 * <p>This package depends on nothing but the JDK, so workflows compile in a plain Maven build.
 */
package io.braid.spi;
