package io.braid.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: batchlet} — runs an application's own {@code @Named} Batchlet. {@code with.ref} names it;
 * every other setting becomes a batchlet property, injectable with {@code @BatchProperty}.
 */
public final class BatchletType implements TaskType {
    private static final Pattern REF = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");

    @Override
    public String name() {
        return "batchlet";
    }

    @Override
    public Set<String> knownSettings() {
        return null;
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        String ref = with.get("ref");
        if (ref == null || ref.isBlank()) {
            issues.report("ref", "required for type 'batchlet': the @Named name of the Batchlet");
            return;
        }
        ref = known.get("ref"); // null when it depends on a parameter without default
        if (ref != null && !REF.matcher(ref).matches()) {
            issues.report("ref", "'" + ref + "' is not a CDI bean name or class name");
        }
    }

    @Override
    public StepBody body(Map<String, String> with) {
        Map<String, String> props = new LinkedHashMap<>(with);
        String ref = props.remove("ref");
        return new StepBody.Batchlet(ref, props);
    }
}
