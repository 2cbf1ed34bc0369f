package io.braid.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the job- and step-level properties the compiler writes and Braid's batch artifacts read. The
 * compiled job XML carries everything the gate needs, so a job started by name or with inline JSL through
 * Liberty's batch REST API behaves exactly like one started through Braid.
 */
public final class JobProperties {
    public static final String WORKFLOW = "braid.workflow";
    public static final String MAX_PARALLEL = "braid.maxParallel";
    /** The graph: {@code id:need,need;id:…} in declaration order. */
    public static final String DAG = "braid.dag";
    /** Workflow parameters without default, comma-separated: checked when the job starts. */
    public static final String REQUIRED_PARAMS = "braid.requiredParams";
    /**
     * How tasks rank for a free slot: {@code id:priority:remainingMillis;…}, where remainingMillis is the task's
     * estimate plus its longest estimated chain of dependents (critical-path order).
     */
    public static final String RANKS = "braid.ranks";

    /** CDI names of Braid's batch artifacts. */
    public static final String RUN_LISTENER = "braidRunListener";
    public static final String TASK_LISTENER = "braidTaskListener";
    public static final String GATE = "braidGate";
    public static final String MARK = "braidMark";

    /** Decider results. */
    public static final String RUN = "RUN";
    public static final String SKIP = "SKIP";

    private JobProperties() {
    }

    public static String encodeDag(List<String> ids, List<List<String>> needs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                b.append(';');
            }
            b.append(ids.get(i)).append(':').append(String.join(",", needs.get(i)));
        }
        return b.toString();
    }

    /** Inverse of the {@link #RANKS} encoding: task id to {priority label, remaining ms}. */
    public static Map<String, String[]> decodeRanks(String encoded) {
        Map<String, String[]> ranks = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return ranks;
        }
        for (String entry : encoded.split(";")) {
            String[] p = entry.split(":");
            ranks.put(p[0], new String[]{p[1], p[2]});
        }
        return ranks;
    }

    /** Inverse of {@link #encodeDag}: task id to its needs, in declaration order. */
    public static Map<String, List<String>> decodeDag(String encoded) {
        Map<String, List<String>> dag = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return dag;
        }
        for (String entry : encoded.split(";")) {
            int colon = entry.indexOf(':');
            String id = entry.substring(0, colon);
            String rest = entry.substring(colon + 1);
            List<String> needs = new ArrayList<>();
            if (!rest.isEmpty()) {
                needs.addAll(List.of(rest.split(",")));
            }
            dag.put(id, List.copyOf(needs));
        }
        return dag;
    }
}
