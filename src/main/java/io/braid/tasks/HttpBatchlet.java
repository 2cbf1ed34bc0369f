package io.braid.tasks;

import io.braid.model.Durations;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runtime artifact of {@link HttpType}. */
@Named(HttpType.ARTIFACT)
@Dependent
public class HttpBatchlet extends AbstractBatchlet {
    private static final int MAX_ERROR_BODY = 500;

    @Inject @BatchProperty String url;
    @Inject @BatchProperty String method;
    @Inject @BatchProperty String headers;
    @Inject @BatchProperty String body;
    @Inject @BatchProperty String contentType;
    @Inject @BatchProperty String expect;
    @Inject @BatchProperty String outputs;
    @Inject @BatchProperty String readTimeout;
    @Inject
    TaskValues values;

    private volatile Client client;
    private volatile java.util.concurrent.Future<Response> inFlight;

    @Override
    public String process() throws Exception {
        return values.tracked(this::work);
    }

    private String work() throws Exception {
        values.onCancel(this::stop);
        String target = values.resolve("url", url);
        String verb = method == null ? "GET" : values.resolve("method", method).toUpperCase(java.util.Locale.ROOT);
        Duration timeout = readTimeout == null ? Duration.ofSeconds(60) : Durations.parse(values.resolve("readTimeout", readTimeout))
                .orElseThrow(() -> new IllegalArgumentException("tasks[" + values.task() + "].with.readTimeout: not a duration"));
        List<String> expected = expect == null ? List.of("2xx") : values.resolveList("expect", expect);
        String text = values.guarded(() -> call(target, verb, timeout, expected));
        int status = lastStatus;
        Map<String, JsonValue> out = new LinkedHashMap<>();
        out.put("status", Json.createValue(status));
        Map<String, String> pointers = values.resolveMap("outputs", outputs);
        if (!pointers.isEmpty()) {
            JsonValue json = parse(text);
            pointers.forEach((name, pointer) -> out.put(name, pick(json, text, pointer, name)));
        }
        values.publish(out);
        return "COMPLETED";
    }

    private volatile int lastStatus;

    /** One attempt: the request, its status checked against {@code expect}; returns the body. */
    private String call(String target, String verb, Duration timeout, List<String> expected) {
        Client c = ClientBuilder.newBuilder().connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        client = c;
        int status;
        String text;
        try {
            Invocation.Builder request = c.target(target).request();
            values.resolveMap("headers", headers).forEach(request::header);
            String payload = values.resolve("body", body);
            // asynchronous, so that a cancel or timeout returns at once even while the server is silent
            java.util.concurrent.Future<Response> pending = payload == null ? request.async().method(verb)
                    : request.async().method(verb, Entity.entity(payload, contentType == null ? "application/json" : contentType));
            inFlight = pending;
            try (Response r = pending.get()) {
                status = r.getStatus();
                text = verb.equals("HEAD") || !r.hasEntity() ? "" : r.readEntity(String.class);
            } catch (java.util.concurrent.CancellationException e) {
                throw new IllegalStateException("tasks[" + values.task() + "]: " + verb + " " + target + " was stopped", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("tasks[" + values.task() + "]: " + verb + " " + target + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("tasks[" + values.task() + "]: interrupted", e);
            }
        } finally {
            inFlight = null;
            client = null;
            c.close();
        }
        if (expected.stream().noneMatch(e -> matches(e, status))) {
            throw new IllegalStateException("tasks[" + values.task() + "]: " + verb + " " + target + " answered " + status
                    + ", expected " + expected + ": " + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text));
        }
        lastStatus = status;
        return text;
    }

    private static boolean matches(String expected, int status) {
        return expected.endsWith("xx") ? status / 100 == expected.charAt(0) - '0' : Integer.toString(status).equals(expected);
    }

    /** The answer as JSON, or as a JSON string when it is not JSON. */
    private static JsonValue parse(String text) {
        try {
            return Json.createReader(new StringReader(text)).readValue();
        } catch (JsonParsingException e) {
            return Json.createValue(text);
        }
    }

    private JsonValue pick(JsonValue json, String text, String pointer, String name) {
        if (pointer.isEmpty()) {
            return json;
        }
        if (!(json instanceof JsonStructure structure)) {
            throw new IllegalStateException("tasks[" + values.task() + "].with.outputs." + name
                    + ": the answer is not a JSON object or array, so it has no " + pointer);
        }
        try {
            return Json.createPointer(pointer).getValue(structure);
        } catch (JsonException e) {
            throw new IllegalStateException("tasks[" + values.task() + "].with.outputs." + name + ": the answer has no "
                    + pointer + ": " + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text), e);
        }
    }

    @Override
    public void stop() {
        java.util.concurrent.Future<Response> f = inFlight;
        if (f != null) {
            f.cancel(true); // the task returns at once; the connection is closed with the client
        }
        Client c = client;
        if (c != null) {
            c.close();
        }
    }
}
