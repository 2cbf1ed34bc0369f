package io.braid.parse;

import io.braid.model.GroupSpec;
import io.braid.model.RateLimit;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code groups:}: a name to its limits ({@code maxConcurrent}, {@code rate} or {@code ratePerSecond}), or {@code ~}. */
final class GroupsReader {
    /** Group and lock names: also used in MicroProfile Config property names. */
    static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final List<String> KEYS = List.of("maxConcurrent", "rate", "ratePerSecond");

    private final Source source;

    GroupsReader(Source source) {
        this.source = source;
    }

    Map<String, GroupSpec> read(NodeTuple tuple) {
        Map<String, GroupSpec> groups = new LinkedHashMap<>();
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return groups;
        }
        if (!(tuple.getValueNode() instanceof MappingNode map)) {
            source.problem(tuple.getValueNode(), "groups", Check.WRONG_SHAPE, "must be a mapping of group name to its limits");
            return groups;
        }
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = source.scalar(t.getKeyNode(), "groups");
            if (name == null) {
                continue;
            }
            String field = "groups." + name;
            if (seen.containsKey(name)) {
                source.problem(t.getKeyNode(), field, Check.GROUP_NAME, "defined twice (first at line " + Source.line(seen.get(name)) + ")");
                continue;
            }
            seen.put(name, t.getKeyNode());
            if (!RESOURCE_NAME.matcher(name).matches()) {
                source.problem(t.getKeyNode(), field, Check.GROUP_NAME, "group names use letters, digits, '.', '-' and '_' (max 64)");
            }
            Node v = t.getValueNode();
            if (Source.isNull(v)) { // declared here, limits from the server-wide definition (if any)
                groups.put(name, GroupSpec.unlimited(name));
            } else if (v instanceof MappingNode gm) {
                groups.put(name, group(name, field, gm));
            } else {
                source.problem(v, field, Check.WRONG_SHAPE, "must be a mapping with " + KEYS);
            }
        }
        return groups;
    }

    private GroupSpec group(String name, String field, MappingNode gm) {
        Map<String, NodeTuple> k = source.keys(gm, field + ".", KEYS);
        int max = k.containsKey("maxConcurrent")
                ? source.integer(k.get("maxConcurrent").getValueNode(), field + ".maxConcurrent", 1, 100_000).orElse(0) : 0;
        Optional<RateLimit> rate = Optional.empty();
        if (k.containsKey("rate") && k.containsKey("ratePerSecond")) {
            source.problem(k.get("ratePerSecond").getKeyNode(), field + ".ratePerSecond", Check.RATE,
                    "give either 'rate' or 'ratePerSecond', not both");
        } else if (k.containsKey("rate")) {
            Node rn = k.get("rate").getValueNode();
            String rv = source.scalar(rn, field + ".rate");
            rate = rv == null ? Optional.empty() : RateLimit.parse(rv);
            if (rv != null && rate.isEmpty()) {
                source.problem(rn, field + ".rate", Check.RATE, "'" + rv + "' is not a rate (use starts/window, e.g. 10/1m or 5/s)");
            }
        } else if (k.containsKey("ratePerSecond")) {
            Node rn = k.get("ratePerSecond").getValueNode();
            String rv = source.scalar(rn, field + ".ratePerSecond");
            try {
                rate = rv == null ? Optional.empty() : RateLimit.perSecond(Double.parseDouble(rv.trim()));
            } catch (NumberFormatException e) {
                rate = Optional.empty();
            }
            if (rv != null && rate.isEmpty()) {
                source.problem(rn, field + ".ratePerSecond", Check.RATE, "'" + rv + "' is not a positive number of starts per second");
            }
        }
        return new GroupSpec(name, max, rate);
    }
}
