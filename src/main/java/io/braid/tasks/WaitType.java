package io.braid.tasks;

import io.braid.model.Durations;

import java.util.Map;
import java.util.Set;

/** {@code type: wait} — sleeps for {@code with.duration} without burning CPU. For demos and benchmarks. */
public final class WaitType implements TaskType {
    /** CDI name of the runtime artifact, {@link WaitBatchlet}. */
    public static final String ARTIFACT = "braidWait";

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public Set<String> knownSettings() {
        return Set.of("duration");
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        if (!with.containsKey("duration")) {
            issues.report("duration", "required for type 'wait' (e.g. duration: 250ms)");
        } else if (known.containsKey("duration") && Durations.parse(known.get("duration")).isEmpty()) {
            issues.report("duration", "'" + known.get("duration") + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)");
        }
    }

    @Override
    public java.util.Optional<java.time.Duration> typicalDuration(Map<String, String> known) {
        return known.containsKey("duration") ? Durations.parse(known.get("duration")) : java.util.Optional.empty();
    }

    @Override
    public Retrying retrying() {
        return Retrying.IN_STEP;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        return new StepBody.Batchlet(ARTIFACT, Map.of("duration", with.get("duration")));
    }
}
