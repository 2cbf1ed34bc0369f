package io.braid.compile;

import io.braid.graph.Dag;
import io.braid.model.Workflow;

/**
 * The result of compiling a workflow.
 *
 * @param jobXml  standard Jakarta Batch job XML (version 2.0)
 * @param threads batch threads the job can occupy at once: its own (which waits on a top-level split) and one
 *                per flow; a flow that waits on a nested split keeps its thread
 */
public record CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, String jobXml, int threads) {
}
