package io.braid.types;

import io.braid.spi.Declared;
import io.braid.spi.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * {@code type: chunk}: a chunk step of the application's own {@code @Named} ItemReader, optional ItemProcessor and
 * ItemWriter. {@code reader.x: v} becomes the reader's batch property {@code x} (likewise {@code processor.} and
 * {@code writer.}).
 */
public final class ChunkType implements ArtifactType {
    private static final Pattern PROPERTY = Pattern.compile("(reader|processor|writer)\\.[A-Za-z_][A-Za-z0-9_.-]*");
    private static final List<String> ROLES = List.of("reader", "processor", "writer");

    @Override
    public String name() {
        return "chunk";
    }

    @Override
    public List<Setting> settings() {
        String hint = "a CDI bean name or class name";
        return List.of(
                Setting.text("reader").required().literal().pattern(BatchletType.CDI_NAME, hint).describe("the @Named name of your ItemReader"),
                Setting.text("processor").literal().pattern(BatchletType.CDI_NAME, hint).describe("the @Named name of your ItemProcessor"),
                Setting.text("writer").required().literal().pattern(BatchletType.CDI_NAME, hint).describe("the @Named name of your ItemWriter"),
                Setting.number("itemCount", 1, 100_000).describe("items per chunk (checkpoint), default 100"));
    }

    @Override
    public boolean accepts(String key) {
        return PROPERTY.matcher(key).matches();
    }

    @Override
    public void check(Declared declared, BiConsumer<String, String> problems) {
        for (String key : declared.names()) {
            if (key.startsWith("processor.") && !declared.has("processor")) {
                problems.accept(key, "a processor property without 'processor'");
            }
        }
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
                new StepBody.Artifact(with.get("writer"), props.get("writer")), with.getOrDefault("itemCount", "100").trim());
    }
}
