package io.braid.tasks;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.braid.json.JsonP.JSON;

/** A task type's outputs (plain Java values, see {@link io.braid.spi.TaskAction#attempt}) as JSON. */
final class Outputs {
    private Outputs() {
    }

    static Map<String, JsonValue> json(Map<String, ?> outputs) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        if (outputs != null) {
            outputs.forEach((k, v) -> out.put(k, value(v)));
        }
        return out;
    }

    static JsonValue value(Object v) {
        if (v == null) {
            return JsonValue.NULL;
        }
        if (v instanceof JsonValue j) {
            return j;
        }
        if (v instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JSON.createValue(((Number) v).longValue());
        }
        if (v instanceof BigDecimal d) {
            return JSON.createValue(d);
        }
        if (v instanceof BigInteger i) {
            return JSON.createValue(i);
        }
        if (v instanceof Number n) {
            return JSON.createValue(n.doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder o = JSON.createObjectBuilder();
            m.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o.build();
        }
        if (v instanceof List<?> l) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            l.forEach(x -> a.add(value(x)));
            return a.build();
        }
        return JSON.createValue(v.toString());
    }
}
