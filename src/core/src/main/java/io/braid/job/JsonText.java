package io.braid.job;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.braid.json.JsonP.JSON;

/** JSON (JSON-P) for the structured values of job and step properties: lists and mappings of text. */
public final class JsonText {
    private JsonText() {
    }

    public static String list(List<String> items) {
        JsonArrayBuilder b = JSON.createArrayBuilder();
        items.forEach(b::add);
        return b.build().toString();
    }

    public static String map(Map<String, String> entries) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        entries.forEach(b::add);
        return b.build().toString();
    }

    public static List<String> readList(String json) {
        List<String> out = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        for (JsonValue v : array(json)) {
            out.add(v instanceof JsonString s ? s.getString() : v.toString());
        }
        return out;
    }

    public static Map<String, String> readMap(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        object(json).forEach((k, v) -> out.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
        return out;
    }

    public static JsonObject object(String json) {
        JsonStructure s = structure(json);
        if (!(s instanceof JsonObject o)) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
        }
        return o;
    }

    public static JsonArray array(String json) {
        JsonStructure s = structure(json);
        if (!(s instanceof JsonArray a)) {
            throw new IllegalArgumentException("not a JSON array: " + abbreviate(json));
        }
        return a;
    }

    private static JsonStructure structure(String json) {
        try (var r = JSON.createReader(new StringReader(json))) {
            return r.read();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
