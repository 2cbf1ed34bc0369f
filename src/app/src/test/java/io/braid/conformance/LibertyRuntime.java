package io.braid.conformance;

import io.braid.liberty.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Map;

/** The Liberty test server, through Braid's REST API (the conformance workflows are in its extension jar). */
final class LibertyRuntime implements BraidRuntime {
    private static final String API = System.getProperty("braid.it.http", "http://localhost:9181") + "/braid/api";

    @Override
    public String name() {
        return "liberty";
    }

    private static JsonObject params(Map<String, String> params) {
        JsonObjectBuilder p = Json.createObjectBuilder();
        params.forEach(p::add);
        return Json.createObjectBuilder().add("params", p).build();
    }

    @Override
    public long start(String workflow, Map<String, String> params) throws Exception {
        Http.Reply r = Http.post(API + "/workflows/" + workflow + "/runs", "admin", params(params));
        expect(201, r);
        return r.object().getJsonNumber("runId").longValue();
    }

    @Override
    public JsonObject run(long runId) throws Exception {
        Http.Reply r = Http.get(API + "/runs/" + runId, "admin");
        return r.status() == 200 ? r.object() : null;
    }

    @Override
    public void stop(long runId) throws Exception {
        expect(202, Http.post(API + "/runs/" + runId + "/stop", "admin", null));
    }

    @Override
    public void restart(long runId, Map<String, String> params) throws Exception {
        expect(202, Http.post(API + "/runs/" + runId + "/restart", "admin", params(params)));
    }

    @Override
    public void cancel(long runId, String task) throws Exception {
        expect(202, Http.post(API + "/runs/" + runId + "/tasks/" + task + "/cancel", "admin", null));
    }

    private static void expect(int status, Http.Reply r) {
        if (r.status() != status) {
            throw new AssertionError("HTTP " + r.status() + " (expected " + status + "): " + r.body());
        }
    }
}
