/**
 * Braid's built-in task types, each an implementation of the task-type SPI ({@link io.braid.spi.TaskType}) and
 * found the same way as yours (ServiceLoader), plus {@link TaskTypes}, the registry. Plain JDK code: the compiler
 * uses these classes at build time, the runtime calls their actions.
 */
package io.braid.types;
