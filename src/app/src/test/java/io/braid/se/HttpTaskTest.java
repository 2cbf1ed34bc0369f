package io.braid.se;

import com.sun.net.httpserver.HttpServer;
import io.braid.runs.RunView;
import io.braid.testing.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code type: http} against a real HTTP server on loopback. */
@Tag("se")
class HttpTaskTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicBoolean paymentsUp = new AtomicBoolean();
    private final AtomicInteger payRequests = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        server = Loopback.server();
        server.createContext("/orders", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("X-Tenant"));
            Loopback.reply(ex, 200, "{\"data\": {\"count\": 3, \"region\": \"EU\", \"ids\": [7, 8, 9]}}");
        });
        server.createContext("/invoices", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body);
            Loopback.reply(ex, 201, "{\"id\": \"inv-1\"}");
        });
        server.createContext("/down", ex -> Loopback.reply(ex, 503, "maintenance until 6am"));
        // keeps the Idempotency-Key of every request; /pay fails its first request, /refund every one until told
        server.createContext("/payments", ex -> {
            String path = ex.getRequestURI().getPath();
            keys.add(path + " " + ex.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean fail = path.endsWith("/pay") ? payRequests.incrementAndGet() == 1 : path.endsWith("/refund") && !paymentsUp.get();
            Loopback.reply(ex, fail ? 503 : 201, "{}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return Loopback.base(server);
    }

    @Test
    void outputsOfOneCallFlowIntoTheNextCallsUrlAndBody() throws Exception {
        deploy("http-se", """
                name: http-se
                params: { base: "%s", tenant: acme }
                tasks:
                  - id: count
                    type: http
                    with:
                      url: "${params.base}/orders?since=today"
                      headers: { X-Tenant: "${params.tenant}" }
                      outputs: { n: /data/count, region: /data/region, ids: /data/ids, all: "" }
                  - id: invoice
                    type: http
                    needs: count
                    with:
                      method: POST
                      url: "${params.base}/invoices/${tasks.count.outputs.region}"
                      body: '{"orders": ${tasks.count.outputs.n}, "ids": ${tasks.count.outputs.ids}}'
                      expect: [201]
                      outputs: { invoice: /id }
                """.formatted(base()));
        RunView r = run(await(start("http-se", Map.of())).getExecutionId());
        assertEquals("COMPLETED", r.status(), r.toString());
        assertEquals(List.of("GET /orders?since=today acme", "POST /invoices/EU {\"orders\": 3, \"ids\": [7,8,9]}"), seen);
        Map<String, String> count = task(r, "count").outputs();
        assertEquals("200", count.get("status"));
        assertEquals("3", count.get("n"));
        assertEquals("[7,8,9]", count.get("ids"));
        assertTrue(count.get("all").startsWith("{\"data\":{\"count\":3"), count.get("all"));
        assertEquals("\"inv-1\"", task(r, "invoice").outputs().get("invoice"));
        assertEquals("201", task(r, "invoice").outputs().get("status"));
    }

    @Test
    void anUnexpectedStatusFailsTheTaskWithTheAnswer() throws Exception {
        deploy("http-down-se", """
                name: http-down-se
                params: { base: "%s" }
                tasks:
                  - { id: call, type: http, with: { url: "${params.base}/down" } }
                  - { id: after, type: wait, needs: call, with: { duration: 1ms } }
                """.formatted(base()));
        RunView r = run(await(start("http-down-se", Map.of())).getExecutionId());
        assertEquals("FAILED", task(r, "call").status());
        assertEquals("SKIPPED", task(r, "after").status());
        assertTrue(task(r, "call").error().contains("GET " + base() + "/down answered 503, expected [2xx]: maintenance until 6am"),
                task(r, "call").error());
    }

    /**
     * A POST is sent with the same Idempotency-Key on a retry and on a restart of its task, and with another key for
     * another task of the run or another run; a key the workflow sets itself is kept.
     */
    @Test
    void aPostCarriesOneIdempotencyKeyAcrossRetriesAndRestarts() throws Exception {
        deploy("http-once-se", """
                name: http-once-se
                params: { base: "%s" }
                tasks:
                  - { id: pay, type: http, retry: 1, with: { method: POST, url: "${params.base}/payments/pay", body: "{}" } }
                  - { id: refund, type: http, with: { method: POST, url: "${params.base}/payments/refund", body: "{}" } }
                  - id: own
                    type: http
                    with: { method: POST, url: "${params.base}/payments/own", body: "{}", headers: { Idempotency-Key: mine } }
                """.formatted(base()));
        long first = start("http-once-se", Map.of());
        RunView failed = run(await(first).getExecutionId());
        assertEquals("FAILED", failed.status(), failed.toString());
        assertEquals(2, task(failed, "pay").attempts(), "pay was retried");
        paymentsUp.set(true);
        RunView done = run(await(SeBraid.restart(first, Map.of())).getExecutionId());
        assertEquals("COMPLETED", done.status(), done.toString());

        Map<String, List<String>> byTask = new TreeMap<>();
        keys.forEach(k -> byTask.computeIfAbsent(k.substring(0, k.indexOf(' ')), p -> new ArrayList<>()).add(k.substring(k.indexOf(' ') + 1)));
        assertEquals(2, byTask.get("/payments/pay").size(), "pay: an attempt that failed and its retry " + keys);
        assertEquals(1, Set.copyOf(byTask.get("/payments/pay")).size(), "pay: one key for both attempts " + keys);
        assertEquals(2, byTask.get("/payments/refund").size(), "refund: its first execution and its restart " + keys);
        assertEquals(1, Set.copyOf(byTask.get("/payments/refund")).size(), "refund: one key across the restart " + keys);
        assertNotEquals(byTask.get("/payments/pay").get(0), byTask.get("/payments/refund").get(0), "each task its own key");
        assertTrue(byTask.get("/payments/own").stream().allMatch("mine"::equals), "a key the workflow sets is kept " + keys);

        keys.clear();
        assertEquals("COMPLETED", run(await(start("http-once-se", Map.of())).getExecutionId()).status());
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("/payments/pay ") && byTask.get("/payments/pay").contains(k.substring(k.indexOf(' ') + 1))),
                "another run, another key " + keys);
    }
}
