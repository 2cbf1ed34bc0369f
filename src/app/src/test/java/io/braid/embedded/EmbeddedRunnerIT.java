package io.braid.embedded;

import io.braid.testing.Checkout;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged runner, target/braid-cli.jar, each command in its own JVM as a user runs it. */
@Tag("runner")
class EmbeddedRunnerIT {
    private static final Path JAR = Checkout.file("src/embedded/target/braid-cli.jar");
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    @Test
    void validateReportsEveryProblemWithItsLineAndExitsOne() throws Exception {
        Path good = write("good.yaml", "name: good\ntasks:\n  - { id: a, type: wait, with: { duration: 1s } }\n");
        Path bad = write("bad.yaml", """
                name: bad
                tasks:
                  - { id: a, type: wiat }
                  - { id: b, type: wait, needs: [zz], with: { duration: 1s } }
                """);
        Result ok = braid("validate", good.toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("good.yaml: ok"), ok.out());

        Result r = braid("validate", good.toString(), bad.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.yaml:3:") && r.err().contains("unknown type 'wiat' (did you mean 'wait'?)"), r.err());
        assertTrue(r.err().contains("bad.yaml:4:") && r.err().contains("unknown task 'zz'"), r.err());

        assertEquals(2, braid("validate").exit(), "missing argument is a usage error");
        Result version = braid("--version");
        assertEquals("braid " + System.getProperty("braid.version"), version.out().strip(), "the build's own version");
    }

    @Test
    void compileWritesJobXmlAndGraphPrintsTheDag() throws Exception {
        Result c = braid("compile", "src/main/workflows/nshape.yaml", "-o", tmp.resolve("out").toString());
        assertEquals(0, c.exit(), c.toString());
        String xml = Files.readString(tmp.resolve("out/nshape.xml"));
        assertTrue(xml.contains("<job xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\" id=\"nshape\">"), xml);

        Result mermaid = braid("graph", "src/main/workflows/nshape.yaml");
        assertEquals(0, mermaid.exit());
        assertTrue(mermaid.out().contains("t_a --> t_c") && mermaid.out().contains("t_b --> t_d"), mermaid.out());
        Result dot = braid("graph", "--format", "dot", "src/main/workflows/nshape.yaml");
        assertTrue(dot.out().contains("\"b\" -> \"d\";"), dot.out());
    }

    @Test
    void aFailedRunExitsOneAndARestartFromANewJvmCompletesIt() throws Exception {
        Path data = tmp.resolve("data");
        Path first = tmp.resolve("first.json");
        Result run = braid("run", "src/main/workflows/flaky.yaml", "--data", data.toString(), "--json", first.toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.out().contains("transform  FAILED"), run.out());
        JsonObject failed = json(first);
        assertEquals("FAILED", failed.getString("status"));
        Map<String, JsonObject> tasks = tasks(failed);
        assertEquals("SKIPPED", tasks.get("load").getString("status"));
        for (JsonObject t : List.of(tasks.get("extract"), tasks.get("transform"))) {
            assertTrue(ISO_MILLIS.matcher(t.getString("start")).matches() && ISO_MILLIS.matcher(t.getString("end")).matches(), t.toString());
        }
        long execution = failed.getJsonNumber("executionId").longValue();
        // --json has the API's shape, with the root cause and the graph of a failed run
        assertEquals("transform", failed.getJsonObject("rootCause").getString("task"), failed.toString());
        assertEquals(5, failed.getJsonObject("graph").getJsonArray("nodes").size(), failed.toString());

        Path second = tmp.resolve("second.json");
        Result restart = braid("restart", Long.toString(execution), "-p", "fail=false", "--data", data.toString(),
                "--json", second.toString());
        assertEquals(0, restart.exit(), restart.toString());
        JsonObject done = json(second);
        assertEquals("COMPLETED", done.getString("status"));
        assertEquals(failed.getJsonNumber("id").longValue(), done.getJsonNumber("id").longValue());
        assertEquals(Map.of("extract", 1, "audit", 1, "transform", 2, "load", 1, "publish", 1), tasks(done).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getInt("attempts"))));

        // restarts that cannot happen: one line each, exit 1, no stack trace
        long last = done.getJsonNumber("executionId").longValue();
        for (String[] c : new String[][]{{Long.toString(last), "completed; a completed run cannot be restarted"},
                {Long.toString(execution), "is not its run's latest"}, {"999999", "no job execution 999999"}}) {
            Result refused = braid("restart", c[0], "--data", data.toString());
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().contains(c[1]) && refused.err().strip().lines().count() == 1
                    && !refused.err().contains("Exception"), refused.toString());
        }

        Result runs = braid("runs", "--data", data.toString());
        assertEquals(0, runs.exit());
        assertTrue(runs.out().contains("flaky") && runs.out().contains("COMPLETED") && runs.out().contains("5/5 completed"), runs.out());

        // the same self-contained report as the server's, with the graph from the compiled job
        Path report = tmp.resolve("report.html");
        Result written = braid("report", Long.toString(done.getJsonNumber("id").longValue()), "-o", report.toString(), "--data", data.toString());
        assertEquals(0, written.exit(), written.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("window.BRAID_REPORT") && html.contains("\"from\":\"transform\",\"to\":\"load\""),
                "run data and graph edges inlined");
        assertTrue(html.contains("\"attempt\":2"), "the transform's second try");
        assertEquals(1, braid("report", "999999", "-o", report.toString(), "--data", data.toString()).exit(), "an unknown run");

        // a forecast from the data folder's completed run: its tasks' durations are history now
        Result forecast = braid("forecast", "--data", data.toString(), "src/main/workflows/flaky.yaml");
        assertEquals(0, forecast.exit(), forecast.toString());
        assertTrue(forecast.out().startsWith("flaky: ") && forecast.out().contains("from 1 completed run(s)"), forecast.out());
        assertTrue(forecast.out().lines().anyMatch(l -> l.startsWith("load ") && l.endsWith("history")), forecast.out());
        Result guess = braid("forecast", "src/main/workflows/flaky.yaml");
        assertTrue(guess.out().contains("from 0 completed run(s)") && guess.out().contains("guess"), guess.out());
    }

    @Test
    void stoppingTheProcessStopsTheRunAndRestartContinuesIt() throws Exception {
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("run.log");
        Process p = command("run", "src/main/workflows/nshape.yaml", "-p", "dTime=60s", "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await("d started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> runsOutput(data).contains("3/4 completed"));
        p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("stopped; resume with: braid restart 1"), "output: " + out);
        assertTrue(runsOutput(data).contains("STOPPED"), runsOutput(data));

        Result restart = braid("restart", "1", "-p", "dTime=100ms", "--data", data.toString());
        assertEquals(0, restart.exit(), restart.toString());
        assertTrue(restart.out().contains("run 1 COMPLETED"), restart.out());
    }

    private String runsOutput(Path data) throws Exception {
        return Files.exists(data) ? braid("runs", "--data", data.toString()).out() : "";
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    private static JsonObject json(Path file) throws Exception {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }

    private static Map<String, JsonObject> tasks(JsonObject run) {
        return run.getJsonArray("tasks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(t -> t.getString("id"), t -> t));
    }

    @Test
    void theLauncherScriptStartsTheRunnerFromTheBuildsClassDataArchive() throws Exception {
        // target/bin/braid is what the README tells users to run; -Xshare:on makes the JVM refuse to start unless the
        // archive the build made (target/braid-cli.jsa) fits this JDK and jar, and the class log shows Braid's own
        // classes coming from it rather than from the jar
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(Checkout.file("src/embedded/target/bin/braid").toString(), "run", "--data", tmp.resolve("data").toString(),
                write("one.yaml", "name: one\ntasks:\n  - { id: a, type: wait, with: { duration: 0ms } }\n").toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("BRAID_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classLog);
        Result r = result(pb.start(), "target/bin/braid run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("COMPLETED"), r.out());
        List<String> cli = Files.readAllLines(classLog).stream().filter(l -> l.contains(" io.braid.embedded.Cli ")).toList();
        assertEquals(1, cli.size(), "one load of the runner's main class: " + cli);
        assertTrue(cli.get(0).contains("source: shared objects file"), cli.get(0));

        // BRAID_CLASSPATH adds a user's own batchlets: flaky's failOnDemand is one of the samples'
        ProcessBuilder own = new ProcessBuilder(Checkout.file("src/embedded/target/bin/braid").toString(), "run",
                "--data", tmp.resolve("data-own").toString(), "src/main/workflows/flaky.yaml", "-p", "fail=false");
        own.environment().put("JAVA_HOME", System.getProperty("java.home"));
        own.environment().put("BRAID_CLASSPATH", Path.of("target", "classes").toAbsolutePath().toString());
        Result flaky = result(own.start(), "BRAID_CLASSPATH=target/classes target/bin/braid run flaky.yaml");
        assertEquals(0, flaky.exit(), flaky.toString());
    }

    private Result braid(String... args) throws Exception {
        return result(process(args), "braid " + String.join(" ", args));
    }

    private Result result(Process p, String what) throws Exception {
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        try (var o = p.getInputStream(); var e = p.getErrorStream()) {
            Thread te = new Thread(() -> copy(e, err));
            te.start();
            Files.write(out, o.readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), what + " did not end");
            te.join();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void copy(InputStream in, Path to) {
        try {
            Files.write(to, in.readAllBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process process(String... args) throws Exception {
        return command(args).start();
    }

    private static ProcessBuilder command(String... args) {
        // with the samples' batchlets (flaky's failOnDemand), as a user adds their own classes
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JAR + ":" + Path.of("target", "classes").toAbsolutePath(), "io.braid.embedded.Cli"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
