/**
 * The contract between the compiler and the runtime: the names and the typed contents of the properties a
 * compiled job carries ({@link JobSpec} at job level, {@link StepSpec} per task step) and the CDI names of Braid's
 * batch artifacts. The compiler writes them, the runtime reads them; neither owns the format. Structured values
 * are JSON (JSON-P).
 */
package io.braid.job;
