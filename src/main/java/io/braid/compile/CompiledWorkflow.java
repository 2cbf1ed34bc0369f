package io.braid.compile;

import io.braid.graph.Dag;
import io.braid.model.Workflow;

/**
 * The result of compiling a workflow.
 *
 * @param jobXml  standard Jakarta Batch job XML (version 2.0)
 * @param threads batch threads the job can occupy at once: its own, one per active split, one per flow
 */
public record CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, String jobXml, int threads) {
}
