package io.braid.parse;

import io.braid.model.Param;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code params:}: a name to a default value, or to a mapping with {@code default}, {@code description}, {@code secret}. */
final class ParamsReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final List<String> KEYS = List.of("default", "description", "secret");

    private final Source source;

    ParamsReader(Source source) {
        this.source = source;
    }

    List<Param> read(NodeTuple tuple) {
        List<Param> params = new ArrayList<>();
        if (tuple == null || Source.isNull(tuple.getValueNode())) {
            return params;
        }
        if (!(tuple.getValueNode() instanceof MappingNode map)) {
            source.problem(tuple.getValueNode(), "params", Check.WRONG_SHAPE, "must be a mapping of parameter name to default value");
            return params;
        }
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            String name = source.scalar(t.getKeyNode(), "params");
            if (name == null) {
                continue;
            }
            String field = "params." + name;
            if (seen.containsKey(name)) {
                source.problem(t.getKeyNode(), field, Check.PARAM_NAME, "defined twice (first at line " + Source.line(seen.get(name)) + ")");
                continue;
            }
            seen.put(name, t.getKeyNode());
            if (!NAME.matcher(name).matches()) {
                source.problem(t.getKeyNode(), field, Check.PARAM_NAME,
                        "parameter names use letters, digits and '_' and do not start with a digit");
            }
            Param p = param(name, field, t.getValueNode());
            if (p == null) {
                continue;
            }
            p.defaultValue().filter(d -> d.contains(";") || d.contains("#{")).ifPresent(d -> source.problem(t.getKeyNode(),
                    field, Check.PARAM_DEFAULT, "default values may not contain ';' or '#{' (Jakarta Batch substitution syntax)"));
            params.add(p);
        }
        return params;
    }

    private Param param(String name, String field, Node v) {
        if (Source.isNull(v)) {
            return new Param(name, Optional.empty(), "");
        }
        if (v instanceof ScalarNode s) {
            return new Param(name, Optional.of(s.getValue()), "");
        }
        if (v instanceof MappingNode pm) {
            Map<String, NodeTuple> k = source.keys(pm, field + ".", KEYS);
            Optional<String> dflt = k.containsKey("default") && !Source.isNull(k.get("default").getValueNode())
                    ? Optional.ofNullable(source.scalar(k.get("default").getValueNode(), field + ".default")) : Optional.empty();
            boolean secret = k.containsKey("secret") && source.flag(k.get("secret").getValueNode(), field + ".secret").orElse(false);
            return new Param(name, dflt, source.optionalString(k, "description", field + ".description").orElse(""), secret);
        }
        source.problem(v, field, Check.WRONG_SHAPE, "must be a default value or a mapping with 'default', 'description' and 'secret'");
        return null;
    }
}
