package io.braid.types;

import io.braid.spi.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: batchlet}: runs an application's own {@code @Named} Batchlet. {@code with.ref} names it; every other
 * setting becomes a batchlet property, injectable with {@code @BatchProperty}.
 */
public final class BatchletType implements ArtifactType {
    static final String CDI_NAME = "[A-Za-z_$][A-Za-z0-9_$.]*";

    @Override
    public String name() {
        return "batchlet";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.text("ref").required().literal().pattern(CDI_NAME, "a CDI bean name or class name")
                .describe("the @Named name of your Batchlet"));
    }

    @Override
    public boolean accepts(String key) {
        return true;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        Map<String, String> props = new LinkedHashMap<>(with);
        String ref = props.remove("ref");
        return new StepBody.Batchlet(ref, props);
    }
}
