package io.braid.se;

import com.sun.net.httpserver.HttpServer;
import io.braid.runs.RunView;
import io.braid.runs.TaskTry;
import io.braid.runs.TaskView;
import io.braid.testing.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retry:} through MicroProfile Fault Tolerance and {@code timeout:}, against a real HTTP server. */
@Tag("se")
class RetryTimeoutTest {
    private HttpServer server;
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private final List<Long> downCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = Loopback.server();
        server.createContext("/flaky", ex -> Loopback.reply(ex, flakyCalls.incrementAndGet() <= 2 ? 503 : 200, "{\"ok\": true}"));
        server.createContext("/down", ex -> {
            downCalls.add(System.nanoTime());
            Loopback.reply(ex, 503, "still down");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Loopback.reply(ex, 200, "{}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RunView runOne(String name, String taskYaml) throws Exception {
        deploy(name, "name: " + name + "\nparams: { base: \"" + Loopback.base(server) + "\" }\ntasks:\n" + taskYaml);
        return run(await(start(name, Map.of())).getExecutionId());
    }

    @Test
    void retriesUntilTheCallSucceedsAndCountsEveryAttempt() throws Exception {
        RunView r = runOne("retry-ok-se", """
                  - { id: call, type: http, retry: { maxRetries: 3, delay: 50ms }, with: { url: "${params.base}/flaky" } }
                """);
        TaskView call = task(r, "call");
        assertEquals("COMPLETED", call.status(), r.toString());
        assertEquals(3, flakyCalls.get());
        assertEquals(3, call.attempts(), "every attempt is in the run record");
        assertEquals(List.of("FAILED", "FAILED", "COMPLETED"), call.tries().stream().map(TaskTry::status).toList());
    }

    @Test
    void retriesExactlyMaxRetriesTimesWithTheDelayAndKeepsTheRootCause() throws Exception {
        RunView r = runOne("retry-fail-se", """
                  - { id: call, type: http, retry: { maxRetries: 2, delay: 200ms }, with: { url: "${params.base}/down" } }
                """);
        TaskView call = task(r, "call");
        assertEquals("FAILED", call.status());
        assertEquals(3, downCalls.size(), "1 call + 2 retries");
        assertEquals(3, call.attempts());
        assertEquals(List.of("FAILED", "FAILED", "FAILED"), call.tries().stream().map(TaskTry::status).toList(),
                "one try per attempt, as the Gantt chart draws them");
        assertTrue(call.tries().get(1).error().contains("still down"), call.tries().toString());
        assertTrue(call.error().contains("answered 503, expected [2xx]: still down"), call.error());
        for (int i = 1; i < downCalls.size(); i++) {
            long gapMs = (downCalls.get(i) - downCalls.get(i - 1)) / 1_000_000;
            assertTrue(gapMs >= 190, "retry " + i + " came " + gapMs + " ms after the previous call");
        }
    }

    @Test
    void abortOnStopsAtOnceAndRetryOnLimitsWhatIsRetried() throws Exception {
        RunView aborted = runOne("retry-abort-se", """
                  - { id: call, type: http, retry: { maxRetries: 5, abortOn: [java.lang.IllegalStateException] }, with: { url: "${params.base}/down" } }
                """);
        assertEquals("FAILED", task(aborted, "call").status());
        assertEquals(1, downCalls.size(), "abortOn: no retry");
        RunView notRetried = runOne("retry-on-se", """
                  - { id: call, type: http, retry: { maxRetries: 5, retryOn: [java.io.IOException] }, with: { url: "${params.base}/down" } }
                """);
        assertEquals("FAILED", task(notRetried, "call").status());
        assertEquals(2, downCalls.size(), "an error not in retryOn is not retried");
    }

    @Test
    void aTimeoutStopsTheTaskAndFailsIt() throws Exception {
        long started = System.nanoTime();
        RunView r = runOne("timeout-se", """
                  - { id: sleepy, type: wait, timeout: 300ms, with: { duration: 20s } }
                  - { id: call, type: http, timeout: 400ms, with: { url: "${params.base}/slow" } }
                  - { id: after, type: wait, needs: sleepy, with: { duration: 1ms } }
                """);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals("FAILED", task(r, "sleepy").status());
        assertTrue(task(r, "sleepy").error().contains("timed out after 300ms"), task(r, "sleepy").error());
        assertEquals("FAILED", task(r, "call").status());
        assertTrue(task(r, "call").error().contains("timed out after 400ms"), task(r, "call").error());
        assertEquals("SKIPPED", task(r, "after").status());
        assertTrue(tookMs < 8_000, "stopped at the timeouts, not after 10-20 s: " + tookMs + " ms");
    }
}
