package io.braid.liberty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The integration-test server's process, for tests that stop, kill and start it (it is running when they begin). */
final class ItServer {
    private static final Path WLP = Path.of("target", "liberty", "wlp");
    private static final Path SERVER_DIR = WLP.resolve("usr/servers/braid-it");

    private ItServer() {
    }

    /** {@code server stop|start braid-it}, as an operator would type it. */
    static void command(String action) throws Exception {
        Process p = new ProcessBuilder(List.of(WLP.resolve("bin/server").toString(), action, "braid-it"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "server " + action);
        assertEquals(0, p.exitValue(), "server " + action + ": " + out);
    }

    /** SIGKILL to the server's JVM: no shutdown hook, no application stop, nothing flushed. */
    static void kill() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/braid-it.pid")).trim());
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no server process " + pid));
        assertTrue(jvm.destroyForcibly(), "kill -9 " + pid);
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Until the server answers health and Braid's API again. */
    static void awaitReady() {
        await("braid-it back").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreException(IOException.class)
                .until(() -> Http.get(Http.HTTP + "/health/ready", null).status() == 200
                        && Http.get(Http.HTTP + "/braid/api/workflows", "viewer").status() == 200);
    }

    /** Every messages log of the server, the current one and those its starts rolled over. */
    static String messages() throws IOException {
        StringBuilder log = new StringBuilder();
        try (Stream<Path> logs = Files.list(SERVER_DIR.resolve("logs"))) {
            for (Path f : logs.filter(f -> f.getFileName().toString().startsWith("messages")).sorted().toList()) {
                log.append(Files.readString(f));
            }
        }
        return log.toString();
    }
}
