package io.braid.liberty;

import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test workflows of {@code src/test/workflows}, which the integration-test server deploys (in braid-it.war),
 * started as inline job XML through Liberty's batch REST API: the same XML the build compiled, so Braid accepts it.
 */
final class InlineJobs {
    static final Path WORKFLOWS = Path.of("src/test/workflows");

    private InlineJobs() {
    }

    /** The compiled job XML of a test workflow. */
    static String xml(String workflow) throws Exception {
        return new WorkflowCompiler().compile(new WorkflowParser().parse(WORKFLOWS.resolve(workflow + ".yaml"))).jobXml();
    }

    /** @return the job instance id (= Braid run id) */
    static long submit(String workflow) throws Exception {
        return submit(workflow, Map.of());
    }

    static long submit(String workflow, Map<String, String> params) throws Exception {
        return submitXml(xml(workflow), params, 201);
    }

    /** Submits job XML as admin and expects the given status; returns the job instance id (or -1). */
    static long submitXml(String xml, Map<String, String> params, int expected) throws Exception {
        JsonObjectBuilder p = Json.createObjectBuilder();
        params.forEach(p::add);
        JsonObject submit = Json.createObjectBuilder().add("applicationName", "braid").add("moduleName", "braid.war")
                .add("jobXML", xml).add("jobParameters", p).build();
        Http.Reply r = Http.post(Http.HTTPS + "/ibm/api/batch/jobinstances", "admin", submit);
        assertEquals(expected, r.status(), r.body());
        return r.status() == 201 ? r.object().getJsonNumber("instanceId").longValue() : -1;
    }
}
