package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 runs started at once through Braid's API: every one is accepted and listed, the ones beyond the server's limit
 * of runs in flight (braid.runs.maxActive, 50) wait QUEUED, and all end COMPLETED with every task COMPLETED, with no
 * connection-pool time-out or hung thread in the server's log.
 */
@Tag("liberty")
class BurstIT {
    private static final String API = Http.HTTP + "/braid/api";
    private static final int RUNS = 500;
    private static final int MAX_ACTIVE = 50;
    private static final Pattern TROUBLE = Pattern.compile("J2CA0045E|WSVR0605W|WTRN0006W|J2CA0027E");

    @Test
    void fiveHundredRunsAtOnceAreAllAcceptedQueuedInTurnAndCompleted() throws Exception {
        int troubleBefore = trouble();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(RUNS);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        JsonObject body = Json.createObjectBuilder().add("params", Json.createObjectBuilder()
                .add("importTime", "100ms").add("analysisTime", "50ms")).build();
        try {
            for (int i = 0; i < RUNS; i++) {
                replies.add(clients.submit(() -> {
                    go.await();
                    return Http.post(API + "/workflows/classic/runs", "operator", body);
                }));
            }
            go.countDown();
            Set<Long> ids = new HashSet<>();
            for (Future<Http.Reply> f : replies) {
                Http.Reply r = f.get();
                assertEquals(201, r.status(), r.body());
                ids.add(r.object().getJsonNumber("runId").longValue());
            }
            assertEquals(RUNS, ids.size(), "a run of its own for every request");

            // while they go: some wait their turn, and never more than the limit run at once
            AtomicInteger mostRunning = new AtomicInteger();
            AtomicInteger mostQueued = new AtomicInteger();
            Map<Long, String> status = new ConcurrentHashMap<>();
            await("all " + RUNS + " runs ended").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<String, Integer> counts = new HashMap<>();
                for (JsonValue v : Http.get(API + "/runs?workflow=classic&limit=1000", "viewer").json().asJsonArray()) {
                    JsonObject run = v.asJsonObject();
                    long id = run.getJsonNumber("id").longValue();
                    if (ids.contains(id)) {
                        status.put(id, run.getString("status"));
                        counts.merge(run.getString("status"), 1, Integer::sum);
                        if ("COMPLETED".equals(run.getString("status"))) {
                            LibertyIT.tasks(run).forEach((task, t) -> assertEquals("COMPLETED", t.getString("status"),
                                    "run " + id + " task " + task + ": " + run));
                        }
                    }
                }
                // the records show QUEUED; the gate's own count is the limit's (records follow it a moment later)
                mostQueued.accumulateAndGet(counts.getOrDefault("QUEUED", 0), Math::max);
                JsonObject server = Http.get(API + "/resources", "viewer").object().getJsonObject("server");
                assertEquals(MAX_ACTIVE, server.getInt("maxActiveRuns"));
                mostRunning.accumulateAndGet(server.getInt("activeRuns"), Math::max);
                return status.size() == RUNS && status.values().stream().noneMatch(s -> s.equals("QUEUED") || s.equals("RUNNING"));
            });
            Map<String, Long> ended = new TreeMap<>();
            status.values().forEach(s -> ended.merge(s, 1L, Long::sum));
            assertEquals(Map.of("COMPLETED", (long) RUNS), ended, "every run listed and COMPLETED");
            assertTrue(mostQueued.get() > 0, "runs beyond the limit were seen QUEUED");
            assertTrue(mostRunning.get() <= MAX_ACTIVE && mostRunning.get() > MAX_ACTIVE / 2,
                    "up to braid.runs.maxActive in flight, seen at most " + mostRunning.get());
            assertEquals(troubleBefore, trouble(), "no connection-pool time-out, transaction time-out or hung thread in the log");
            System.out.printf("%d runs: at most %d running and %d queued at once%n", RUNS, mostRunning.get(), mostQueued.get());
        } finally {
            clients.shutdownNow();
        }
    }

    private static int trouble() throws Exception {
        Matcher m = TROUBLE.matcher(ItServer.messages());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
