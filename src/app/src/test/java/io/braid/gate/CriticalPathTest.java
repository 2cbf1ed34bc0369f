package io.braid.gate;

import io.braid.job.RankSpec;
import io.braid.model.Priority;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("unit")
class CriticalPathTest {
    /** a → b → d, a → c → d; e alone. */
    private static Map<String, List<String>> dag() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("a", List.of());
        m.put("b", List.of("a"));
        m.put("c", List.of("a"));
        m.put("d", List.of("b", "c"));
        m.put("e", List.of());
        return m;
    }

    private static RankSpec guess(long ms) {
        return new RankSpec(Priority.NORMAL, ms, false);
    }

    @Test
    void remainingPathIsOwnEstimatePlusTheLongestChainOfDependents() {
        Map<String, RunGate.Rank> r = CriticalPath.ranks(dag(), Map.of("a", guess(100), "b", guess(500), "c", guess(200),
                "d", guess(50), "e", new RankSpec(Priority.HIGH, 10, true)), Map.of());
        assertEquals(650, r.get("a").remainingMillis()); // a + b + d
        assertEquals(550, r.get("b").remainingMillis());
        assertEquals(250, r.get("c").remainingMillis());
        assertEquals(50, r.get("d").remainingMillis());
        assertEquals(new RunGate.Rank(Priority.HIGH, 10), r.get("e"));
    }

    @Test
    void mediansOfEarlierRunsReplaceGuessesButNotWrittenEstimates() {
        Map<String, RunGate.Rank> r = CriticalPath.ranks(dag(), Map.of("a", guess(100), "b", guess(500),
                        "c", guess(200), "d", new RankSpec(Priority.NORMAL, 50, true), "e", guess(1000)),
                Map.of("c", 2000L, "d", 9999L, "e", 30L));
        assertEquals(100 + 2000 + 50, r.get("a").remainingMillis(), "c's history makes a-c-d the critical path");
        assertEquals(50, r.get("d").remainingMillis(), "a written estimate wins over history");
        assertEquals(30, r.get("e").remainingMillis());
    }
}
