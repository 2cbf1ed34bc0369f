package io.braid.compile;

import io.braid.graph.Dag;
import io.braid.job.JobSpec;
import io.braid.job.StepSpec;
import io.braid.model.Workflow;

import java.util.Map;

/**
 * The result of compiling a workflow.
 *
 * @param jobXml  standard Jakarta Batch job XML (version 2.0)
 * @param threads batch threads the job can occupy at once: its own (which waits on a top-level split) and one
 *                per flow; a flow that waits on a nested split keeps its thread
 * @param job     the job-level properties the job XML carries
 * @param steps   the step-level properties of each task's step, by task id
 */
public record CompiledWorkflow(Workflow workflow, Dag dag, Plan plan, String jobXml, int threads, JobSpec job,
                               Map<String, StepSpec> steps) {
    public CompiledWorkflow {
        steps = Map.copyOf(steps);
    }
}
