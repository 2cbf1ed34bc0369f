package io.braid.liberty;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's tour, run as written (bash, curl, sed, grep), in order, against the test server — only its ports
 * differ — and each answer the README promises checked, so the tour cannot drift from what Braid does.
 */
class ReadmeTourIT {
    private static final String API = Http.HTTP + "/braid/api";

    @Test
    void theTourRunsAsWrittenAndAnswersWhatTheReadmePromises() throws Exception {
        String tour = tour().replace("localhost:9080", "localhost:" + port(Http.HTTP))
                .replace("localhost:9443", "localhost:" + port(Http.HTTPS));
        Path script = Files.createDirectories(Path.of("target", "readme-tour")).resolve("tour.sh");
        Files.writeString(script, "set -eu\n" + tour, StandardCharsets.UTF_8);
        Path log = script.resolveSibling("tour.out");
        Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = bash.waitFor(5, TimeUnit.MINUTES); // its until-loops end when the runs do
        if (!ended) {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the tour hung:\n" + output);
        assertEquals(0, bash.exitValue(), output);

        // 1. the workflows, and classic with its graph and job XML
        assertTrue(output.contains("\"name\":\"classic\"") && output.contains("\"jobXml\":\"<?xml"), output);

        // 2-3. classic COMPLETED, its two imports side by side
        JsonObject classic = run(output, "(?<!flaky |retail )run (\\d+)");
        assertEquals("COMPLETED", classic.getString("status"));
        Map<String, JsonObject> c = LibertyIT.tasks(classic);
        assertTrue(overlap(c.get("import-customers"), c.get("import-products")), classic.toString());

        // 4-5. flaky: failed with transform FAILED, load and publish SKIPPED, audit COMPLETED; after the restart
        // COMPLETED in two executions, only transform ran twice
        JsonObject flaky = run(output, "flaky run (\\d+)");
        assertEquals("COMPLETED", flaky.getString("status"));
        assertEquals(2, flaky.getInt("executions"));
        Map<String, Integer> attempts = Map.of("transform", 2, "load", 1, "publish", 1, "extract", 1, "audit", 1);
        attempts.forEach((task, n) -> assertEquals(n, LibertyIT.tasks(flaky).get(task).getInt("attempts"), task + ": " + flaky));
        assertTrue(output.contains("\"id\":\"transform\",\"status\":\"FAILED\""), "step 4 showed transform FAILED: " + output);
        assertTrue(output.contains("\"id\":\"load\",\"status\":\"SKIPPED\"") && output.contains("\"id\":\"publish\",\"status\":\"SKIPPED\""),
                "step 4 showed load and publish SKIPPED");

        // 6. retail: the outputs the README quotes
        Map<String, JsonObject> r = LibertyIT.tasks(run(output, "retail run (\\d+)"));
        assertEquals(200, r.get("import-customers").getJsonObject("outputs").getInt("rows"));
        assertEquals("1.08", r.get("fx-rates").getJsonObject("outputs").get("rate").toString());
        assertEquals(4, r.get("report-per-region").getJsonObject("outputs").getInt("partitions"));
        assertEquals(4, r.get("summary").getJsonObject("outputs").getInt("regions"));
        assertEquals(200, r.get("summary").getJsonObject("outputs").getInt("customers"));

        // 7. the group with its limits and holders
        assertTrue(Pattern.compile("\"name\":\"partner-api\"[^}]*\"maxConcurrent\":2,\"rate\":\\[\"20/1m\"\\]").matcher(output).find(), output);

        // 8. 401
        assertTrue(output.strip().endsWith("401"), output);
    }

    /** The bash block under the README's tour heading. */
    private static String tour() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int heading = readme.indexOf("## A 5-minute tour");
        int start = readme.indexOf("```bash\n", heading) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String port(String url) {
        return url.substring(url.lastIndexOf(':') + 1);
    }

    private static JsonObject run(String output, String echoed) throws Exception {
        Matcher m = Pattern.compile(echoed).matcher(output); // curl's answers end without a line break
        assertTrue(m.find(), "the tour printed '" + echoed + "': " + output);
        return Http.get(API + "/runs/" + m.group(1), "viewer").object();
    }

    private static boolean overlap(JsonObject a, JsonObject b) {
        return Instant.parse(a.getString("start")).isBefore(Instant.parse(b.getString("end")))
                && Instant.parse(b.getString("start")).isBefore(Instant.parse(a.getString("end")));
    }
}
