/**
 * Braid's test kit: run workflows on the embedded runtime (JBeret SE, the same compiler, gate and task types as
 * on the server) in a project's own tests, wait for them without sleeping, and assert on what the run records show.
 * Offered to users as {@code io.braid:braid-testkit} (docs/use-in-your-project.md) and used by Braid's own tests.
 */
package io.braid.testkit;
