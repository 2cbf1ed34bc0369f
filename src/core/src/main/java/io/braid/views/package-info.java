/**
 * The JSON shapes of workflows and runs, the same wherever they are shown: Braid's API, the embedded runner's
 * {@code --json}, the run report.
 */
package io.braid.views;
