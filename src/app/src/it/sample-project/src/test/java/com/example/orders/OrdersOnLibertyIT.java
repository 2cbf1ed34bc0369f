package com.example.orders;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The team's WAR on its own Liberty server (configured with Braid's include and what docs/use-in-your-project.md
 * adds): its workflow started through Braid's API, Liberty's batch REST API and Liberty's own batchManager, and Braid
 * kept out of the team's own JAX-RS path.
 */
class OrdersOnLibertyIT {
    private static final String HTTP = System.getProperty("orders.http");
    private static final String HTTPS = "https://localhost:" + System.getProperty("orders.https.port");
    private static final Path WLP = Path.of(System.getProperty("orders.wlp"));
    private static HttpClient http;

    @BeforeAll
    static void client() throws Exception {
        // the server's certificate is self-signed, as on a developer's machine
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        http = HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theWorkflowRunsThroughBraidsApi() throws Exception {
        HttpResponse<String> listed = call("GET", HTTP + "/orders/braid/api/workflows", "viewer", null, null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"orders\""), listed.body());

        HttpResponse<String> started = call("POST", HTTP + "/orders/braid/api/workflows/orders/runs", "operator",
                "{\"params\":{\"customer\":\"Initech\"}}", null);
        assertEquals(201, started.statusCode(), started.body());
        long runId = number(started.body(), "runId");
        String run = await(() -> call("GET", HTTP + "/orders/braid/api/runs/" + runId, "viewer", null, null).body(),
                "\"status\":\"COMPLETED\"");
        assertTrue(run.contains("Hello, Hello, Initech"), "the own task type's output reached its dependent: " + run);
    }

    @Test
    void theWorkflowRunsThroughLibertysBatchRestApi() throws Exception {
        HttpResponse<String> started = call("POST", HTTPS + "/ibm/api/batch/jobinstances", "operator",
                "{\"applicationName\":\"orders-batch\",\"moduleName\":\"orders-batch.war\",\"jobXMLName\":\"orders\","
                        + "\"jobParameters\":{\"customer\":\"Globex\"}}", null);
        assertEquals(201, started.statusCode(), started.body());
        long instance = number(started.body().replaceAll("\\s", ""), "instanceId");
        await(() -> call("GET", HTTPS + "/ibm/api/batch/jobinstances/" + instance, "operator", null, null).body()
                .replaceAll("\\s", ""), "\"batchStatus\":\"COMPLETED\"");
        // Braid recorded the run Liberty started: its run id is the job instance's
        String run = await(() -> call("GET", HTTP + "/orders/braid/api/runs/" + instance, "viewer", null, null).body(),
                "\"status\":\"COMPLETED\"");
        assertTrue(run.contains("Hello, Hello, Globex"), run);
    }

    @Test
    void theWorkflowRunsWithLibertysBatchManager() throws Exception {
        Process p = new ProcessBuilder(WLP.resolve("bin/batchManager").toString(), "submit",
                "--batchManager=localhost:" + System.getProperty("orders.https.port"),
                "--user=operator", "--password=operator-pw", "--trustSslCertificates",
                "--applicationName=orders-batch", "--jobXMLName=orders", "--jobParameter=customer=Umbrella",
                "--wait", "--pollingInterval_s=1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // batchManager exits with the job's batch status: 35 is COMPLETED
        assertEquals(35, p.waitFor(), out);
    }

    @Test
    void braidStaysOutOfTheTeamsOwnRestPath() throws Exception {
        HttpResponse<String> own = call("GET", HTTP + "/orders/api/hello", "admin", null, null);
        assertEquals(200, own.statusCode(), "the team's own resource: " + own.body());
        assertEquals("orders", own.body());
        for (String path : new String[]{"/runs", "/workflows", "/me", "/resources", "/workflows/orders"}) {
            HttpResponse<String> r = call("GET", HTTP + "/orders/api" + path, "admin", null, null);
            assertEquals(404, r.statusCode(), "/orders/api" + path + " must not be Braid's: " + r.body());
        }
        HttpResponse<String> forged = call("POST", HTTP + "/orders/api/workflows/orders/runs", "admin",
                "{\"params\":{}}", "http://evil.example");
        assertEquals(404, forged.statusCode(), "a cross-site start through the team's path: " + forged.body());
        // and where Braid is, its protection holds
        HttpResponse<String> refused = call("POST", HTTP + "/orders/braid/api/workflows/orders/runs", "admin",
                "{\"params\":{}}", "http://evil.example");
        assertEquals(403, refused.statusCode(), refused.body());
    }

    private static HttpResponse<String> call(String method, String url, String user, String json, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8)));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            fail("no " + key + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    interface Body {
        String get() throws Exception;
    }

    /** Polls until the answer contains {@code expected}, for at most two minutes. */
    private static String await(Body body, String expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = body.get();
            if (last.contains(expected)) {
                return last;
            }
            Thread.sleep(250);
        }
        fail("no " + expected + " within two minutes; last answer: " + last);
        return last;
    }
}
