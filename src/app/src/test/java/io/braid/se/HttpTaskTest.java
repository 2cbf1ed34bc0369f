package io.braid.se;

import com.sun.net.httpserver.HttpServer;
import io.braid.testing.Loopback;
import io.braid.runs.RunView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code type: http} against a real HTTP server on loopback. */
class HttpTaskTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

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
}
