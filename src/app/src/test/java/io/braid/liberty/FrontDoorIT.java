package io.braid.liberty;

import io.braid.testing.Checkout;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's front door: its first command, run as written on a copy of this checkout (tracked and new files, no
 * build output) — the same goal and the same loose application a user's {@code mvn … liberty:run} deploys, only its
 * ports and data folder set apart — must start the application, not only the server; then the README's tour runs as
 * written (bash, curl, sed, grep) against that server, and each answer the README promises is checked, so neither can
 * drift from what Braid does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("liberty")
class FrontDoorIT {
    private static final int HTTP_PORT = Integer.getInteger("braid.it.frontdoor.http.port", 9581);
    private static final int HTTPS_PORT = Integer.getInteger("braid.it.frontdoor.https.port", 9944);
    private static final String BASE = "http://localhost:" + HTTP_PORT;
    private static final String API = BASE + "/braid/api";
    private static final Path DIR = Path.of("target", "front-door").toAbsolutePath();
    /** A Liberty console line at level ERROR or WARNING (Maven's own say [ERROR] / [WARNING], without the padding). */
    private static final Pattern LIBERTY_COMPLAINT = Pattern.compile("\\[(ERROR|WARNING) +\\]");
    private static Process server;
    private static Path log;

    @BeforeAll
    static void startAsTheReadmeSays() throws Exception {
        Path copy = copyOfCheckout(DIR.resolve("checkout"));
        String command = readmeBlock("**Start the server**").strip();
        assertTrue(command.startsWith("mvn ") && command.contains("liberty:run"), "the README's first command: " + command);
        log = DIR.resolve("liberty-run.log");
        server = new ProcessBuilder("bash", "-c", "exec " + command + " -B"
                + " -Dliberty.var.default.http.port=" + HTTP_PORT + " -Dliberty.var.default.https.port=" + HTTPS_PORT
                + " -Dliberty.var.braid.data.dir=" + DIR.resolve("data"))
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a cold build of every module, the runtime unpacked, the server started
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!server.isAlive() || out.contains("CWWKZ0002E") || out.contains("CWWKZ0012I")) {
                throw new AssertionError("the README's first command did not start the application:\n" + tail(out));
            }
            return out.contains("CWWKF0011I") && out.contains("CWWKZ0001I");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy(); // liberty:run stops its server when Maven ends
            if (!server.waitFor(2, TimeUnit.MINUTES)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
            Path bin = DIR.resolve("checkout/src/app/target/liberty/wlp/bin/server");
            if (Files.exists(bin)) {
                new ProcessBuilder(bin.toString(), "stop", "braid").inheritIO().start().waitFor(2, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    @Order(1)
    void theFirstCommandStartsTheApplication() throws Exception {
        assertEquals(200, Http.get(API + "/workflows", "viewer").status(), "the API");
        assertEquals(200, Http.getText(BASE + "/braid/", "viewer").status(), "the dashboard");
        // the dashboard's links to the API's UI and to Admin Center lead somewhere
        assertEquals(200, Http.getText(BASE + "/openapi/ui/", "viewer").status(), "/openapi/ui/");
        int adminCenter = Http.getText("https://localhost:" + HTTPS_PORT + "/adminCenter/", "admin").status();
        assertTrue(adminCenter == 200 || adminCenter == 302, "/adminCenter/ answered " + adminCenter);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(out.contains("SRVE9964E"), "duplicate web fragments:\n" + tail(out));
        assertFalse(LIBERTY_COMPLAINT.matcher(out).find(), "Liberty warned at start:\n" + tail(out));
    }

    @Test
    @Order(2)
    void theTourRunsAsWrittenAndAnswersWhatTheReadmePromises() throws Exception {
        String tour = readmeBlock("## A 5-minute tour").replace("localhost:9080", "localhost:" + HTTP_PORT)
                .replace("localhost:9443", "localhost:" + HTTPS_PORT);
        Path script = Files.createDirectories(DIR).resolve("tour.sh");
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

        // the first runs made Liberty complain of nothing but the failure the tour asks for (flaky's transform)
        List<String> complaints = Files.readString(log, StandardCharsets.UTF_8).lines()
                .filter(l -> LIBERTY_COMPLAINT.matcher(l).find())
                .filter(l -> !(l.contains("BRAID0003W: Braid run " + flaky.getInt("id") + " task transform: FAILED")
                        || l.contains("CWWKY0011W: Job flaky failed")))
                .toList();
        assertEquals(List.of(), complaints, "Liberty warned during the tour");
    }

    /** The first bash block after a heading or a bold lead of the README. */
    private static String readmeBlock(String heading) throws Exception {
        String readme = Files.readString(Checkout.file("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(heading);
        assertTrue(at >= 0, "the README has " + heading);
        int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** The checkout as a clone has it: tracked files and new ones git does not ignore, no build output. */
    private static Path copyOfCheckout(Path to) throws Exception {
        Path root = Checkout.root();
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectErrorStream(false).start();
        String files = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "git ls-files");
        for (String f : files.split("\0")) {
            Path source = root.resolve(f);
            if (!f.isEmpty() && Files.isRegularFile(source)) {
                Path target = to.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    private static String tail(String out) {
        return out.length() > 6000 ? out.substring(out.length() - 6000) : out;
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
