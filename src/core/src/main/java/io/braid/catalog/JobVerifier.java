package io.braid.catalog;

import io.braid.compile.CompiledWorkflow;
import io.braid.job.JobSpec;
import io.braid.job.StepSpec;
import io.braid.model.Param;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a running job is a workflow of the {@link WorkflowCatalog}, unchanged: its name, its job properties
 * and each task step's properties must equal what the compiler writes for the deployed workflow. Job XML submitted
 * inline that is identical to a deployed workflow passes; anything else does not.
 *
 * <p>Why a submitter cannot forge it: the reference is the deployed application (the author's), not anything in
 * the job; Braid's properties carry the whole behaviour of its artifacts (task types, settings as written, retry,
 * timeout, fan-out, the graph, groups, locks); they are compared whole, and Braid never lets the batch runtime's
 * {@code #{…}} substitution into them (the parser refuses it), so the values the runtime hands a step are exactly
 * the ones written in the job XML. The only run-dependent values are parameters (a caller's anyway) and the
 * partition index (checked against the stored fan-out plan).
 */
@ApplicationScoped
public class JobVerifier {
    @Inject
    WorkflowCatalog catalog;
    /**
     * The fixed job properties of each deployed workflow as last compiled (by name; the same compiled workflow object
     * while its source is unchanged): encoding a large graph again for every run cost more than its run's first task.
     */
    private final Map<String, Fixed> fixed = new ConcurrentHashMap<>();

    private record Fixed(CompiledWorkflow workflow, Map<String, String> properties) {
    }

    private Map<String, String> fixedProperties(CompiledWorkflow c) {
        Fixed f = fixed.get(c.workflow().name());
        if (f == null || f.workflow() != c) { // identity: a recompiled source is a new object
            f = new Fixed(c, Map.copyOf(c.job().fixedProperties()));
            fixed.put(c.workflow().name(), f);
        }
        return f.properties();
    }

    /** The deployed workflow a job is. */
    public CompiledWorkflow job(String jobName, Properties jobProperties) {
        String workflow = JobSpec.workflowOf(jobProperties).orElse(null);
        if (workflow == null) {
            throw new UnverifiedJobException("job '" + jobName + "' is not a Braid workflow (no property " + JobSpec.WORKFLOW + ")");
        }
        if (!workflow.equals(jobName)) {
            throw new UnverifiedJobException("job '" + jobName + "' says it is workflow '" + workflow
                    + "': a compiled workflow's job id is its name");
        }
        CompiledWorkflow c = catalog.find(workflow).orElseThrow(() -> new UnverifiedJobException("job '" + jobName
                + "' is not a workflow deployed in this application; start a deployed workflow (by name, or as its "
                + "unchanged job XML)"));
        differences("job '" + jobName + "'", fixedProperties(c), JobSpec.fixedProperties(jobProperties));
        List<String> params = c.workflow().params().stream().map(Param::name).sorted().toList();
        if (!params.equals(JobSpec.paramNames(jobProperties))) {
            throw new UnverifiedJobException("job '" + jobName + "' carries parameters " + JobSpec.paramNames(jobProperties)
                    + ", the deployed workflow " + params);
        }
        return c;
    }

    /**
     * A digest of the values a job's parameters have in its job properties (SHA-256 over the names and values, in name
     * order): what the server running a job records when an execution begins, and what a partition must match.
     */
    public static String parameterDigest(Properties jobProperties) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : JobSpec.paramNames(jobProperties)) {
            String value = JobSpec.paramValue(jobProperties, name).orElse("");
            for (String part : new String[] {name, value}) { // length-prefixed: no two lists encode alike
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The task a step of a verified job is. */
    public static StepSpec step(CompiledWorkflow workflow, String stepName, Properties stepProperties) {
        StepSpec expected = workflow.steps().get(stepName);
        if (expected == null) {
            throw new UnverifiedJobException("step '" + stepName + "' is not a task of the deployed workflow '"
                    + workflow.workflow().name() + "'");
        }
        differences("task '" + stepName + "' of workflow '" + workflow.workflow().name() + "'", expected.fixedProperties(),
                StepSpec.fixedProperties(stepProperties));
        return expected;
    }

    private static void differences(String what, Map<String, String> expected, Map<String, String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            if (!Objects.equals(expected.get(name), actual.get(name))) {
                throw new UnverifiedJobException(what + " differs from the deployed workflow in property " + name
                        + (actual.containsKey(name) ? "" : " (missing)") + (expected.containsKey(name) ? "" : " (not in the deployed workflow)"));
            }
        }
    }
}
