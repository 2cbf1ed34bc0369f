package io.braid.liberty;

import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test workflows compiled here and submitted inline through Liberty's batch REST API (no deployment needed). */
final class InlineJobs {
    private InlineJobs() {
    }

    /** @return the job instance id (= Braid run id) */
    static long submit(String yaml) throws Exception {
        String xml = new WorkflowCompiler().compile(new WorkflowParser().parse("inline.yaml", yaml)).jobXml();
        JsonObject submit = Json.createObjectBuilder().add("applicationName", "braid").add("moduleName", "braid.war")
                .add("jobXML", xml).add("jobParameters", Json.createObjectBuilder()).build();
        Http.Reply r = Http.post(Http.HTTPS + "/ibm/api/batch/jobinstances", "admin", submit);
        assertEquals(201, r.status(), r.body());
        return r.object().getJsonNumber("instanceId").longValue();
    }
}
