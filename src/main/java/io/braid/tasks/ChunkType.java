package io.braid.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: chunk} — a chunk step of the application's own {@code @Named} ItemReader, optional
 * ItemProcessor and ItemWriter. {@code reader.x: v} becomes the reader's batch property {@code x} (likewise
 * {@code processor.} and {@code writer.}).
 */
public final class ChunkType implements TaskType {
    private static final Pattern REF = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");
    private static final Pattern PROPERTY = Pattern.compile("(reader|processor|writer)\\.[A-Za-z_][A-Za-z0-9_.-]*");
    private static final List<String> ROLES = List.of("reader", "processor", "writer");

    @Override
    public String name() {
        return "chunk";
    }

    @Override
    public Set<String> knownSettings() {
        return null; // reader.*, processor.*, writer.* are open-ended; checked in validate
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        for (String role : List.of("reader", "writer")) {
            if (with.get(role) == null || with.get(role).isBlank()) {
                issues.report(role, "required for type 'chunk': the @Named name of your Item" + (role.equals("reader") ? "Reader" : "Writer"));
            }
        }
        for (String role : ROLES) {
            String ref = known.get(role);
            if (ref != null && !REF.matcher(ref).matches()) {
                issues.report(role, "'" + ref + "' is not a CDI bean name or class name");
            }
        }
        for (String key : with.keySet()) {
            if (!ROLES.contains(key) && !key.equals("itemCount") && !PROPERTY.matcher(key).matches()) {
                issues.report(key, "unknown setting for type 'chunk'; use reader, processor, writer, itemCount, "
                        + "or reader.<property>, processor.<property>, writer.<property>");
            } else if (key.startsWith("processor.") && !with.containsKey("processor")) {
                issues.report(key, "a processor property without 'processor'");
            }
        }
        issues.wholeNumber(known, "itemCount", 1, 100_000);
    }

    @Override
    public Retrying retrying() {
        return Retrying.CHUNK;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        Map<String, Map<String, String>> props = new LinkedHashMap<>();
        ROLES.forEach(r -> props.put(r, new LinkedHashMap<>()));
        with.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot > 0 && props.containsKey(k.substring(0, dot))) {
                props.get(k.substring(0, dot)).put(k.substring(dot + 1), v);
            }
        });
        StepBody.Artifact processor = with.containsKey("processor")
                ? new StepBody.Artifact(with.get("processor"), props.get("processor")) : null;
        return new StepBody.Chunk(new StepBody.Artifact(with.get("reader"), props.get("reader")), processor,
                new StepBody.Artifact(with.get("writer"), props.get("writer")),
                with.getOrDefault("itemCount", "100").trim(), "0", List.of(), List.of(ChunkWatch.NAME));
    }
}
