/**
 * What this application deployed: its workflows ({@link WorkflowCatalog}, compiled from the sources the build
 * packaged) and task types ({@link TaskTypeRegistry}), and the check that a running job is one of those workflows,
 * unchanged ({@link JobVerifier}). Braid's batch artifacts act only in verified jobs: see docs/security.md.
 */
package io.braid.catalog;
