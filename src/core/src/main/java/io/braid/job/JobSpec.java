package io.braid.job;

import io.braid.model.GroupSpec;
import io.braid.model.Param;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static io.braid.json.JsonP.JSON;

/**
 * What a compiled job tells the runtime about its workflow, as job-level properties of the job XML. The compiler
 * writes {@link #properties()}; the run listener reads them back with {@link #read}. Every property except the
 * parameter values is fixed by the workflow, so a job whose properties differ from the deployed workflow's was
 * not compiled from it ({@link #fixedProperties()}).
 *
 * @param needs          every task, in declaration order, to the tasks it needs
 * @param requiredParams parameters without default: a job started without one fails before its first task
 * @param secretParams   parameters marked {@code secret: true}: masked in records and logs
 * @param params         every parameter; its value for a run is a job property resolved by the batch runtime
 * @param ranks          each task's priority and own estimate
 * @param groups         the workflow's concurrency groups
 * @param claims         group and locks of the tasks that have any
 */
public record JobSpec(String workflow, int maxParallel, boolean failFast, Map<String, List<String>> needs,
                      List<String> requiredParams, List<String> secretParams, List<Param> params,
                      Map<String, RankSpec> ranks, List<GroupSpec> groups, Map<String, ClaimSpec> claims) {
    public static final String WORKFLOW = "braid.workflow";
    public static final String MAX_PARALLEL = "braid.maxParallel";
    public static final String FAIL_FAST = "braid.failFast";
    public static final String DAG = "braid.dag";
    public static final String REQUIRED_PARAMS = "braid.requiredParams";
    public static final String SECRET_PARAMS = "braid.secretParams";
    public static final String RANKS = "braid.ranks";
    public static final String GROUPS = "braid.groups";
    public static final String CLAIMS = "braid.claims";
    /**
     * Liberty's switch for multi-JVM partitions (docs/scale-out.md), set to false for workflows with secret
     * parameters: their values live only in the memory of the server that sealed them, so their partitions stay there.
     * Other runtimes ignore it.
     */
    public static final String MULTI_JVM_PARTITIONS = "com.ibm.websphere.batch.partition.multiJVM";
    /** Prefix of the job properties carrying each parameter's value for the run (JSL-resolved, with its default). */
    public static final String PARAM_PREFIX = "braid.param.";
    private static final String PREFIX = "braid.";

    public JobSpec {
        needs = Collections.unmodifiableMap(new LinkedHashMap<>(needs));
        requiredParams = List.copyOf(requiredParams);
        secretParams = List.copyOf(secretParams);
        params = List.copyOf(params);
        ranks = Collections.unmodifiableMap(new LinkedHashMap<>(ranks));
        groups = List.copyOf(groups);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** The job properties, in the order the compiler writes them. */
    public Map<String, String> properties() {
        Map<String, String> p = fixedProperties();
        for (Param param : params) {
            p.put(PARAM_PREFIX + param.name(), "#{jobParameters['" + param.name() + "']}"
                    + param.defaultValue().map(d -> "?:" + d + ";").orElse(""));
        }
        return p;
    }

    /** The properties that do not depend on the run: all but the parameter values. */
    public Map<String, String> fixedProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(WORKFLOW, workflow);
        p.put(MAX_PARALLEL, Integer.toString(maxParallel));
        if (failFast) {
            p.put(FAIL_FAST, "true");
        }
        if (!requiredParams.isEmpty()) {
            p.put(REQUIRED_PARAMS, JsonText.list(requiredParams));
        }
        if (!secretParams.isEmpty()) {
            p.put(SECRET_PARAMS, JsonText.list(secretParams));
            p.put(MULTI_JVM_PARTITIONS, "false");
        }
        p.put(DAG, encodeNeeds(needs));
        JsonObjectBuilder r = JSON.createObjectBuilder();
        ranks.forEach((task, s) -> r.add(task, JSON.createArrayBuilder().add(s.priority().label()).add(s.estimateMillis())
                .add(s.explicit())));
        p.put(RANKS, r.build().toString());
        if (!groups.isEmpty()) {
            JsonObjectBuilder g = JSON.createObjectBuilder();
            for (GroupSpec spec : groups) {
                JsonObjectBuilder one = JSON.createObjectBuilder().add("maxConcurrent", spec.maxConcurrent());
                spec.rate().ifPresent(rate -> one.add("rate", rate.toString()));
                g.add(spec.name(), one);
            }
            p.put(GROUPS, g.build().toString());
        }
        if (!claims.isEmpty()) {
            JsonObjectBuilder c = JSON.createObjectBuilder();
            claims.forEach((task, claim) -> {
                JsonObjectBuilder one = JSON.createObjectBuilder();
                if (claim.group() != null) {
                    one.add("group", claim.group());
                }
                JsonObjectBuilder locks = JSON.createObjectBuilder();
                claim.locks().forEach(l -> locks.add(l.name(), l.mode().label()));
                c.add(task, one.add("locks", locks));
            });
            p.put(CLAIMS, c.build().toString());
        }
        return p;
    }

    /** The Braid properties among a running job's properties (and Liberty's partition switch), except the parameter values. */
    public static Map<String, String> fixedProperties(Properties job) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : job.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !name.startsWith(PARAM_PREFIX) || name.equals(MULTI_JVM_PARTITIONS)) {
                p.put(name, job.getProperty(name));
            }
        }
        return p;
    }

    /** The names of the parameters a running job carries values for. */
    public static List<String> paramNames(Properties job) {
        return job.stringPropertyNames().stream().filter(n -> n.startsWith(PARAM_PREFIX))
                .map(n -> n.substring(PARAM_PREFIX.length())).sorted().toList();
    }

    /** A parameter's value for the run (the job parameter, else its default), as the batch runtime resolved it. */
    public static Optional<String> paramValue(Properties job, String name) {
        return Optional.ofNullable(job.getProperty(PARAM_PREFIX + name));
    }

    public static Optional<String> workflowOf(Properties job) {
        return Optional.ofNullable(job.getProperty(WORKFLOW));
    }

    public static String encodeNeeds(Map<String, List<String>> needs) {
        JsonObjectBuilder d = JSON.createObjectBuilder();
        needs.forEach((task, ns) -> {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            ns.forEach(a::add);
            d.add(task, a);
        });
        return d.build().toString();
    }

    /** Task to its needs, in declaration order. */
    public static Map<String, List<String>> decodeNeeds(String json) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return needs;
        }
        JsonText.object(json).forEach((task, v) -> needs.put(task,
                v.asJsonArray().stream().map(x -> ((JsonString) x).getString()).toList()));
        return needs;
    }

    /** The claim of a task (none if it has no group or lock). */
    public ClaimSpec claim(String task) {
        return claims.getOrDefault(task, ClaimSpec.NONE);
    }
}
