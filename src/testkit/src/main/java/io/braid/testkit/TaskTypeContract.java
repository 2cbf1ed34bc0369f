package io.braid.testkit;

import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RunView;
import io.braid.spi.Setting;
import io.braid.spi.TaskType;
import io.braid.types.TaskTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.braid.testkit.RunAssert.assertThat;

/**
 * What every task type must do, for a type's author to extend in a JUnit 5 test:
 *
 * <pre>{@code
 * class GreetingTypeTest extends TaskTypeContract {
 *     protected TaskType type() { return new GreetingType(); }
 *     protected String succeedingSettings() { return "{ name: Ada }"; }
 * }
 * }</pre>
 *
 * The checks run the type the way Braid runs it: in workflows compiled by Braid's compiler and run on the embedded
 * runtime ({@link BraidTestKit#embedded()}), with Braid's retry, timeout and cancel around it. docs/task-types.md
 * explains the contract.
 */
public abstract class TaskTypeContract {
    private static final String NAME = "[a-z][a-z0-9-]*";

    /** The type under test. */
    protected abstract TaskType type();

    /** Its settings, as a YAML flow map (e.g. {@code { name: Ada }}), with which an attempt succeeds. */
    protected abstract String succeedingSettings();

    /**
     * Settings with which an attempt keeps running until it is cancelled (e.g. a long wait or a slow query), so that
     * cancel and timeout can be checked; null if the type has none.
     */
    protected String longRunningSettings() {
        return null;
    }

    /** The runtime the runs go to. */
    protected BraidTestKit braid() {
        return BraidTestKit.embedded();
    }

    private String workflow(String suffix, String task) {
        return "name: contract-" + type().name() + "-" + suffix + "\ntasks:\n" + task;
    }

    @Test
    public void itsNameIsLowerCaseLettersDigitsAndDashes() {
        check(type().name() != null && type().name().matches(NAME), "name '" + type().name() + "' matching " + NAME);
    }

    @Test
    public void itIsFoundByItsNameThroughServiceLoader() {
        TaskTypes types = TaskTypes.standard();
        check(types.find(type().name()).map(t -> t.getClass() == type().getClass()).orElse(false),
                type().getClass().getName() + " listed in META-INF/services/" + TaskType.class.getName()
                        + " under the name '" + type().name() + "' (found: " + types.names() + ")");
    }

    @Test
    public void itsSettingsHaveDistinctNamesAndADescription() {
        Set<String> seen = new HashSet<>();
        for (Setting s : type().settings()) {
            check(seen.add(s.name()), "setting '" + s.name() + "' declared once");
            check(s.description() != null && !s.description().isBlank(), "setting '" + s.name() + "' described (Setting.describe)");
        }
    }

    @Test
    public void aTaskWithoutARequiredSettingIsRefusedWhenTheWorkflowIsCompiled() throws Exception {
        List<Setting> required = type().settings().stream().filter(Setting::isRequired).toList();
        Assumptions.assumeFalse(required.isEmpty(), "the type has no required setting");
        for (Setting s : required) {
            String yaml = workflow("missing", "  - { id: t, type: " + type().name() + ", with: {} }\n");
            try {
                new WorkflowParser().parse("missing.yaml", yaml);
                throw new AssertionError("a task of type " + type().name() + " without " + s.name() + " was accepted");
            } catch (WorkflowException e) {
                check(e.problems().stream().anyMatch(p -> p.toString().contains(s.name())),
                        "the refusal names the missing setting " + s.name() + ": " + e.getMessage());
            }
        }
    }

    @Test
    public void anUnknownSettingIsRefusedWhenTheWorkflowIsCompiled() {
        String settings = succeedingSettings().trim();
        String withTypo = settings.substring(0, settings.length() - 1) + (settings.equals("{}") ? "" : ", ") + "noSuchSetting: 1 }";
        try {
            new WorkflowParser().parse("typo.yaml", workflow("typo", "  - { id: t, type: " + type().name() + ", with: " + withTypo + " }\n"));
            throw new AssertionError("an unknown setting was accepted: " + withTypo);
        } catch (WorkflowException e) {
            check(e.getMessage().contains("noSuchSetting"), "the refusal names the unknown setting: " + e.getMessage());
        }
    }

    @Test
    public void aTaskCompletesAndItsOutputsAreRecordedAsJson() throws Exception {
        braid().deploy("ok.yaml", workflow("ok", "  - { id: t, type: " + type().name() + ", with: " + succeedingSettings() + " }\n"
                + "  - { id: after, type: wait, needs: t, with: { duration: 1ms } }\n"));
        RunView run = braid().run("contract-" + type().name() + "-ok");
        assertThat(run).completed().task("t").completed().attempts(1).and().task("after").startedAfter("t");
        BraidTestKit.task(run, "t").outputs().forEach((k, json) ->
                check(json != null && !json.isBlank(), "output " + k + " recorded as JSON, was " + json));
    }

    @Test
    public void aRunningAttemptStopsWhenTheTaskIsCancelled() throws Exception {
        Assumptions.assumeTrue(longRunningSettings() != null, "no long-running settings given");
        braid().deploy("cancel.yaml", workflow("cancel", "  - { id: t, type: " + type().name() + ", with: " + longRunningSettings() + " }\n"
                + "  - { id: other, type: wait, with: { duration: 1ms } }\n"));
        BraidTestKit.Execution e = braid().start("contract-" + type().name() + "-cancel", Map.of());
        e.awaitTask("t", "RUNNING");
        check(e.cancel("t").isPresent(), "the run was executing");
        RunView run = e.awaitEnd(Duration.ofSeconds(60));
        assertThat(run).task("t").cancelled().and().task("other").completed();
    }

    @Test
    public void aRunningAttemptEndsAtItsTimeout() throws Exception {
        Assumptions.assumeTrue(longRunningSettings() != null, "no long-running settings given");
        braid().deploy("timeout.yaml", workflow("timeout", "  - { id: t, type: " + type().name() + ", timeout: 500ms, with: "
                + longRunningSettings() + " }\n"));
        RunView run = braid().start("contract-" + type().name() + "-timeout", Map.of()).awaitEnd(Duration.ofSeconds(60));
        assertThat(run).failed().task("t").failed().errorContains("timed out");
    }

    private static void check(boolean holds, String expected) {
        if (!holds) {
            throw new AssertionError("expected " + expected);
        }
    }
}
