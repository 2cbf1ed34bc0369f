package io.braid.liberty;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Real HTTP against a Braid server (tests, benchmarks). Trusts the server's self-signed certificate. */
public final class Http {
    static final String HTTP = System.getProperty("braid.it.http", "http://localhost:9181");
    static final String HTTPS = System.getProperty("braid.it.https", "https://localhost:9544");
    // HTTP/1.1, as curl and browsers speak to a plain-HTTP port: the JDK's default HTTP/2 (h2c) would multiplex many
    // requests on one connection and run into the server's limit of concurrent streams
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustAll()).connectTimeout(Duration.ofSeconds(10)).build();

    public record Reply(int status, String body) {
        public JsonValue json() {
            return Json.createReader(new StringReader(body)).readValue();
        }

        public JsonObject object() {
            return json().asJsonObject();
        }
    }

    private Http() {
    }

    public static Reply get(String url, String user) throws Exception {
        return send(request(url, user).header("Accept", "application/json").GET(), url);
    }

    /** A GET for plain text, e.g. Prometheus metrics. */
    public static Reply getText(String url, String user) throws Exception {
        return send(request(url, user).header("Accept", "text/plain").GET(), url);
    }

    public static Reply post(String url, String user, JsonStructure body) throws Exception {
        return send(request(url, user).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.toString())), url);
    }

    /** A POST with no body and no content type, as {@code curl -X POST} sends it. */
    public static Reply postEmpty(String url, String user) throws Exception {
        return send(request(url, user).POST(HttpRequest.BodyPublishers.noBody()), url);
    }

    /** A POST with no body and the given headers (e.g. what a browser adds: Origin, Sec-Fetch-Site). */
    public static Reply postWith(String url, String user, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request(url, user).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return send(b, url);
    }

    /** A GET that accepts anything (pages, scripts, HTML reports). */
    public static HttpResponse<String> page(String url, String user) throws Exception {
        return CLIENT.send(request(url, user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of a Server-Sent Events stream, read until the server ends it. */
    public static List<String> eventLines(String url, String user, Duration atMost) throws Exception {
        HttpResponse<Stream<String>> r = CLIENT.send(request(url, user).timeout(atMost)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("events: HTTP " + r.statusCode());
        }
        try (Stream<String> lines = r.body()) {
            return lines.toList();
        }
    }

    /** Any request, with a raw body of the given content type (null: none); the answer with its headers. */
    public static HttpResponse<String> raw(String method, String url, String user, String contentType, String body,
                                           Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = request(url, user).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static Reply put(String url, String user, JsonStructure body) throws Exception {
        return send(request(url, user).header("Accept", "application/json").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), url);
    }

    private static HttpRequest.Builder request(String url, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            // demo users have their name as password (liberty/server.xml)
            String token = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
            b.header("Authorization", "Basic " + token);
        }
        return b;
    }

    private static Reply send(HttpRequest.Builder b, String url) throws Exception {
        HttpRequest request = b.build();
        HttpResponse<String> r;
        try {
            r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closed) {
            // a kept-alive connection the server closed just as the client reused it (no bytes of an answer): a GET,
            // which changes nothing, is sent once more on a new connection, as browsers do; anything else fails here
            if (!request.method().equals("GET") || !String.valueOf(closed.getMessage()).contains("received no bytes")) {
                throw closed;
            }
            r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return new Reply(r.statusCode(), r.body());
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                public void checkServerTrusted(X509Certificate[] c, String a) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
