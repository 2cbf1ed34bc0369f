package com.example.client;

import com.example.client.api.MeApi;
import com.example.client.api.ResourcesApi;
import com.example.client.api.RunsApi;
import com.example.client.api.WorkflowsApi;
import com.example.client.model.ApiError;
import com.example.client.model.Run;
import com.example.client.model.StartRequest;
import com.example.client.model.StartedRun;
import com.example.client.model.Task;
import com.example.client.model.Workflow;
import com.example.client.model.WorkflowSummary;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Braid's API through a client generated from its OpenAPI document, strict about fields the document does not name. */
class GeneratedClientTest {

    private static ApiClient client(String user) {
        ApiClient c = new ApiClient();
        c.updateBaseUri(URI.create(System.getProperty("braid.url")).toString());
        String token = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        c.setRequestInterceptor(b -> b.header("Authorization", "Basic " + token));
        c.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return c;
    }

    @Test
    void startsWatchesAndReadsARunWithTypedCalls() throws Exception {
        ApiClient operator = client("operator");
        WorkflowsApi workflows = new WorkflowsApi(operator);
        assertTrue(workflows.listWorkflows().stream().map(WorkflowSummary::getName).anyMatch("nshape"::equals));
        Workflow nshape = workflows.getWorkflow("nshape");
        assertEquals(4, nshape.getTasks().size());
        assertTrue(nshape.getJobXml().contains("<job"));

        StartedRun started = workflows.startRun("nshape", new StartRequest().params(Map.of("dTime", "50ms")));
        RunsApi runs = new RunsApi(operator);
        Run run = await("the run ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.getRun(started.getRunId()), r -> r.getStatus().equals("COMPLETED") || r.getStatus().equals("FAILED"));
        assertEquals("COMPLETED", run.getStatus());
        assertEquals(4, run.getTasks().size());
        for (Task t : run.getTasks()) {
            assertEquals("COMPLETED", t.getStatus(), t.getId());
            assertEquals(1, t.getAttempts());
            assertEquals(1, t.getTries().size());
        }
        assertTrue(run.getSummary().getTaskSeconds() > 0);
        assertTrue(runs.listRuns(1000, null, "nshape").stream().anyMatch(r -> r.getId().equals(started.getRunId())));

        assertTrue(new MeApi(operator).getMe().getCanStart());
        assertEquals(50, new ResourcesApi(operator).getResources().getServer().getMaxActiveRuns());
    }

    @Test
    void aRefusalIsTheDocumentedError() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> new RunsApi(client("viewer")).getRun(987654321L));
        assertEquals(404, e.getCode());
        ApiError error = client("viewer").getObjectMapper().readValue(e.getResponseBody(), ApiError.class);
        assertEquals(404, error.getStatus());
        assertTrue(error.getError().contains("987654321"), error.getError());
    }
}
