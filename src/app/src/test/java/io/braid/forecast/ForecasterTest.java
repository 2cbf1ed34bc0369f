package io.braid.forecast;

import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowParser;
import io.braid.runs.RunView;
import io.braid.runs.TaskView;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Forecasts played on fixed durations: each of the scheduler's rules moves the predicted times as it would move a run. */
@Tag("unit")
class ForecasterTest {

    private static CompiledWorkflow compile(String yaml) throws Exception {
        return new WorkflowCompiler().compile(new WorkflowParser().parse("forecast.yaml", yaml));
    }

    private static Forecast.TaskForecast task(Forecast f, String id) {
        return f.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static Map<String, List<Long>> each(long millis, String... tasks) {
        Map<String, List<Long>> d = new HashMap<>();
        for (String t : tasks) {
            d.put(t, List.of(millis));
        }
        return d;
    }

    @Test
    void aTaskStartsWhenItsNeedsEndAndASlotIsFree() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-chain
                maxParallel: 2
                tasks:
                  - { id: a, type: wait, with: { duration: 1s } }
                  - { id: b, type: wait, with: { duration: 1s } }
                  - { id: c, type: wait, with: { duration: 1s } }
                  - { id: d, type: wait, needs: [a, b], with: { duration: 1s } }
                """);
        Map<String, List<Long>> d = Map.of("a", List.of(100L), "b", List.of(300L), "c", List.of(200L), "d", List.of(50L));
        Forecast f = Forecaster.forecast(wf, d, 1);
        // two slots, taken by the longer remaining paths first: b (350) and c (200); a (150) takes c's slot at 200;
        // d starts when its last need, b, ends
        assertEquals(0, task(f, "b").startMillis());
        assertEquals(0, task(f, "c").startMillis());
        assertEquals(200, task(f, "a").startMillis());
        assertEquals(300, task(f, "d").startMillis());
        assertEquals(350, f.makespanMillis());
    }

    @Test
    void aGroupAndAnExclusiveLockTakeTurnsASharedLockDoesNot() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-limits
                maxParallel: 10
                groups:
                  api: { maxConcurrent: 1 }
                tasks:
                  - { id: g1, type: wait, group: api, with: { duration: 1s } }
                  - { id: g2, type: wait, group: api, with: { duration: 1s } }
                  - { id: x1, type: wait, locks: [table], with: { duration: 1s } }
                  - { id: x2, type: wait, locks: [table], with: { duration: 1s } }
                  - { id: s1, type: wait, locks: [{ name: report, mode: shared }], with: { duration: 1s } }
                  - { id: s2, type: wait, locks: [{ name: report, mode: shared }], with: { duration: 1s } }
                """);
        Forecast f = Forecaster.forecast(wf, each(100, "g1", "g2", "x1", "x2", "s1", "s2"), 3);
        assertEquals(100, Math.max(task(f, "g1").startMillis(), task(f, "g2").startMillis()), "one at a time in api");
        assertEquals(100, Math.max(task(f, "x1").startMillis(), task(f, "x2").startMillis()), "one holder of table");
        assertEquals(0, Math.max(task(f, "s1").startMillis(), task(f, "s2").startMillis()), "readers share report");
        assertEquals(200, f.makespanMillis());
    }

    @Test
    void aRateWindowHoldsTheNextStartUntilItOpens() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-rate
                groups:
                  partner: { maxConcurrent: 5, rate: 2/1s }
                tasks:
                  - { id: p1, type: wait, group: partner, with: { duration: 1s } }
                  - { id: p2, type: wait, group: partner, with: { duration: 1s } }
                  - { id: p3, type: wait, group: partner, with: { duration: 1s } }
                """);
        Forecast f = Forecaster.forecast(wf, each(10, "p1", "p2", "p3"), 1);
        assertEquals(List.of(0L, 0L, 1000L), f.tasks().stream().map(Forecast.TaskForecast::startMillis).sorted().toList());
        assertEquals(1010, f.makespanMillis());
    }

    @Test
    void aHighPriorityTaskGoesFirstWhenSlotsAreShort() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-priority
                maxParallel: 1
                tasks:
                  - { id: long, type: wait, with: { duration: 1s } }
                  - { id: urgent, type: wait, priority: high, with: { duration: 1s } }
                """);
        Forecast f = Forecaster.forecast(wf, Map.of("long", List.of(500L), "urgent", List.of(100L)), 1);
        assertEquals(0, task(f, "urgent").startMillis());
        assertEquals(100, task(f, "long").startMillis());
    }

    @Test
    void theRangeComesFromHistoryAnEstimateOrAGuessAndSaysWhich() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-sources
                tasks:
                  - { id: seen, type: wait, with: { duration: 1s } }
                  - { id: told, type: wait, estimate: 2s, with: { duration: 1s } }
                  - { id: new, type: wait, with: { duration: 3s } }
                """);
        // ten runs of 'seen': 100 ms nine times, 1 s once
        List<Long> seen = List.of(100L, 100L, 100L, 100L, 100L, 100L, 100L, 100L, 100L, 1000L);
        Forecast f = Forecaster.forecast(wf, Map.of("seen", seen), 10);
        assertEquals(Forecast.Source.HISTORY, task(f, "seen").source());
        assertEquals(100, task(f, "seen").durationMillis(), "median");
        assertEquals(100, task(f, "seen").durationHighMillis(), "the 90th percentile of ten is the ninth");
        assertEquals(Forecast.Source.ESTIMATE, task(f, "told").source());
        assertEquals(2000, task(f, "told").durationMillis());
        assertEquals(Forecast.Source.GUESS, task(f, "new").source());
        assertEquals(3000, task(f, "new").durationMillis(), "a wait's own duration is the compiler's guess");
        assertEquals(3000, f.makespanMillis());

        Forecast slow = Forecaster.forecast(wf, Map.of("seen", List.of(100L, 4000L)), 2);
        assertEquals(100, task(slow, "seen").durationMillis());
        assertEquals(4000, task(slow, "seen").durationHighMillis());
        assertEquals(3000, slow.makespanMillis());
        assertEquals(4000, slow.makespanHighMillis(), "the high end plays every task's slow duration");
    }

    @Test
    void aRunInFlightIsForecastFromWhatHappenedAndWhatRuns() throws Exception {
        CompiledWorkflow wf = compile("""
                name: f-live
                tasks:
                  - { id: a, type: wait, with: { duration: 1s } }
                  - { id: b, type: wait, needs: a, with: { duration: 1s } }
                  - { id: c, type: wait, needs: b, with: { duration: 1s } }
                """);
        Map<String, List<Long>> d = Map.of("a", List.of(100L), "b", List.of(200L), "c", List.of(50L));
        Instant t0 = Instant.parse("2026-12-08T10:00:00Z");
        // a took 400 ms this time (a fact); b started at 400 ms and usually takes 200
        RunView run = new RunView(1, "f-live", "RUNNING", 1, 1, null, t0, t0, null, List.of(
                new TaskView("a", "COMPLETED", t0, t0.plusMillis(400), 1, null, null),
                new TaskView("b", "RUNNING", t0.plusMillis(400), null, 1, null, null),
                new TaskView("c", "PENDING", null, null, 0, null, null)));
        Forecast early = Forecaster.during(wf, run, d, 1, t0.plusMillis(450));
        assertEquals(400, task(early, "a").endMillis(), "what happened");
        assertEquals(600, task(early, "b").endMillis(), "its start plus its usual 200 ms");
        assertEquals(600, task(early, "c").startMillis());
        assertEquals(650, early.makespanMillis());
        // at 900 ms b still runs: it ends no earlier than now
        Forecast late = Forecaster.during(wf, run, d, 1, t0.plusMillis(900));
        assertEquals(900, task(late, "c").startMillis());
        assertEquals(950, late.makespanMillis());
    }
}
