package io.braid.types;

import io.braid.spi.Setting;
import io.braid.spi.TaskAction;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.braid.json.JsonP.JSON;

/**
 * {@code type: http}: one HTTP request (the JDK's HTTP client; redirects are not followed). The URL must pass the
 * server's outbound policy; the answer must have an expected status ({@code expect}, default 2xx) and is read up to
 * the server's size limit. Outputs are {@code status} and values picked from a JSON answer by JSON Pointer
 * ({@code outputs: {count: /data/count}}; an empty pointer takes the whole body).
 */
public final class HttpType implements TaskType {
    /** Characters of an answer quoted in an error message. */
    static final int EXCERPT = 200;
    /** The header a service that applies each request once reads (IETF draft "The Idempotency-Key HTTP Header Field"). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private volatile HttpClient client;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                Setting.text("url").required().describe("http or https URL; a host not written literally must be on braid.http.allowedHosts"),
                Setting.text("method").literal().choices("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD").describe("default GET"),
                Setting.map("headers").describe("request headers"),
                Setting.text("body").describe("request body"),
                Setting.text("contentType").describe("content type of the body, default application/json"),
                Setting.list("expect").pattern("[1-5](\\d\\d|xx)", "a status such as 200 or 2xx").describe("accepted statuses, default [2xx]"),
                Setting.map("outputs").describe("output name to JSON Pointer into the answer"),
                Setting.duration("readTimeout").describe("how long to wait for the answer, default 60s"));
    }

    @Override
    public TaskAction action(TaskContext context) {
        return new Action(context, client());
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = client;
            }
        }
        return c;
    }

    private static final class Action implements TaskAction {
        private final TaskContext context;
        private final HttpClient client;
        private volatile CompletableFuture<HttpResponse<InputStream>> inFlight;
        private volatile boolean cancelled;

        Action(TaskContext context, HttpClient client) {
            this.context = context;
            this.client = client;
        }

        @Override
        public Map<String, Object> attempt() throws Exception {
            var s = context.settings();
            URI target = context.url("url");
            String verb = s.text("method", "GET").toUpperCase(Locale.ROOT);
            List<String> expected = s.has("expect") ? s.list("expect") : List.of("2xx");
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(s.duration("readTimeout", Duration.ofSeconds(60)));
            Map<String, String> headers = s.map("headers");
            headers.forEach(request::header);
            if (headers.keySet().stream().noneMatch(IDEMPOTENCY_KEY::equalsIgnoreCase)) {
                request.header(IDEMPOTENCY_KEY, context.idempotencyKey()); // the same on every attempt and restart
            }
            String body = s.text("body");
            if (body == null) {
                request.method(verb, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", s.text("contentType", "application/json"))
                        .method(verb, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            String where = verb + " " + target;
            int status;
            String text;
            CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            inFlight = pending;
            try {
                if (cancelled) {
                    pending.cancel(true);
                }
                HttpResponse<InputStream> r = pending.get(); // returns at once when cancelled
                status = r.statusCode();
                try (InputStream in = r.body()) {
                    text = verb.equals("HEAD") ? "" : read(in, context.maxResponseBytes(), where);
                }
            } catch (CancellationException e) {
                throw new InterruptedException("tasks[" + context.task() + "]: " + where + " was stopped");
            } catch (ExecutionException e) {
                throw new IOException("tasks[" + context.task() + "]: " + where + ": " + e.getCause(), e.getCause());
            } finally {
                inFlight = null;
            }
            if (expected.stream().noneMatch(e -> matches(e, status))) {
                throw new IllegalStateException("tasks[" + context.task() + "]: " + where + " answered " + status
                        + ", expected " + expected + ": " + excerpt(text));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", status);
            Map<String, String> pointers = s.map("outputs");
            if (!pointers.isEmpty()) {
                JsonValue json = parse(text);
                pointers.forEach((name, pointer) -> out.put(name, pick(json, text, pointer, name)));
            }
            return out;
        }

        /** The answer as text, refusing one larger than the limit while it streams in. */
        private static String read(InputStream in, long limit, String where) throws IOException {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new IOException(where + ": the answer is larger than " + limit + " bytes (braid.http.maxResponseBytes)");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static boolean matches(String expected, int status) {
            return expected.endsWith("xx") ? status / 100 == expected.charAt(0) - '0' : Integer.toString(status).equals(expected);
        }

        /** The answer as JSON, or as a JSON string when it is not JSON. */
        private static JsonValue parse(String text) {
            try (var r = JSON.createReader(new StringReader(text))) {
                return r.readValue();
            } catch (JsonParsingException e) {
                return JSON.createValue(text);
            }
        }

        private JsonValue pick(JsonValue json, String text, String pointer, String name) {
            if (pointer.isEmpty()) {
                return json;
            }
            if (!(json instanceof JsonStructure structure)) {
                throw new IllegalStateException("tasks[" + context.task() + "].with.outputs." + name
                        + ": the answer is not a JSON object or array: " + excerpt(text));
            }
            try {
                return JSON.createPointer(pointer).getValue(structure);
            } catch (JsonException e) {
                throw new IllegalStateException("tasks[" + context.task() + "].with.outputs." + name + ": the answer has no "
                        + pointer + ": " + excerpt(text), e);
            }
        }

        /** The start of an answer for an error message: masked first, so that the cut cannot halve a secret. */
        private String excerpt(String text) {
            String masked = context.mask(text);
            return masked.length() > EXCERPT ? masked.substring(0, EXCERPT) + "…" : masked;
        }

        @Override
        public void cancel() {
            cancelled = true;
            CompletableFuture<HttpResponse<InputStream>> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
        }
    }
}
