package io.braid.liberty;

import io.braid.testing.IdCsv;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two Liberty servers (braid-a with the messaging engine, braid-b) on one PostgreSQL database, as a team would run
 * Braid when one server is not enough: Liberty's JMS dispatch spreads fan-out partitions over both, Braid's limits
 * hold across both through the database ledger, and either server answers for every run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("postgresql")
class ClusterIT {
    private static final String A = Cluster.A + "/braid/api";
    private static final String B = Cluster.B + "/braid/api";

    @BeforeAll
    static void cluster() throws Exception {
        assumeTrue(!Cluster.SERVERS.isEmpty(), "the cluster tests run in the build's postgresql execution");
        Cluster.ensureUpIfConfigured();
    }

    /**
     * The messaging engine's endpoint, where a message asks the cluster to run work, speaks only TLS: a stranger's plain
     * connection gets no messaging answer, a TLS client that trusts the cluster's certificate completes its handshake
     * (and the servers themselves, logging in over TLS, run every test below).
     */
    @Test
    @Order(0)
    void theMessagingEndpointSpeaksOnlyTls() throws Exception {
        int port = Integer.getInteger("braid.it.jms.port");
        try (Socket plain = new Socket("localhost", port)) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("hello, messaging engine\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
            int first;
            try {
                first = plain.getInputStream().read();
            } catch (SocketException | SocketTimeoutException closed) {
                first = -1;
            }
            assertTrue(first == -1 || first == 0x15, "a plain client got an answer that is not a TLS alert: " + first);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of("target", "cluster-tls", "key.p12"))) {
            trusted.load(in, "braid-cluster-it".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertTrue(s.getSession().getProtocol().startsWith("TLS"), s.getSession().getProtocol());
        }
    }

    /**
     * Over TLS, only the cluster's user with its password may use the queue: a stranger on a member server, with
     * connection factories of its own (io.braid.jmsprobe), is refused with a wrong password, as a registry user who is not
     * the cluster's, and with no credentials; the same probe with the cluster's login connects.
     */
    @Test
    @Order(0)
    void onlyTheClustersLoginMayUseTheQueue() throws Exception {
        for (String stranger : List.of("wrong-password", "other-user", "anonymous")) {
            String answer = Http.getText(Cluster.B + "/jmsprobe/" + stranger, null).body();
            assertTrue(answer.startsWith("refused"), stranger + ": " + answer);
        }
        assertEquals("connected", Http.getText(Cluster.B + "/jmsprobe/cluster", null).body().trim());
    }

    @Test
    @Order(1)
    void theFanOutOfARunStartedOnOneServerRunsPartitionsOnBoth() throws Exception {
        long runId = start(A, "cl-fanout", Json.createObjectBuilder());
        JsonObject done = awaitRun(A, runId, "COMPLETED", 1);
        List<JsonObject> partitions = partitions(done, "each");
        assertEquals(8, partitions.size(), done.toString());
        Set<String> servers = new TreeSet<>();
        partitions.forEach(p -> servers.add(p.getString("server", "?")));
        assertEquals(Set.of("braid-a", "braid-b"), servers, "each partition's try records its server: " + partitions);
        // and the run looks the same from the other server
        assertEquals(done.getJsonArray("tasks"), get(B + "/runs/" + runId).getJsonArray("tasks"));
    }

    @Test
    @Order(2)
    void aGroupOfTwoAndAnExclusiveLockHoldAcrossRunsOnBothServers() throws Exception {
        List<Long> onA = new ArrayList<>();
        List<Long> onB = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            onA.add(start(A, "cl-shared", Json.createObjectBuilder()));
            onB.add(start(B, "cl-shared", Json.createObjectBuilder()));
        }
        List<long[]> group = new ArrayList<>();
        List<long[]> lock = new ArrayList<>();
        for (long run : onA) {
            collect(awaitRun(A, run, "COMPLETED", 1), group, lock);
        }
        for (long run : onB) {
            collect(awaitRun(B, run, "COMPLETED", 1), group, lock);
        }
        assertEquals(18, group.size());
        assertEquals(12, lock.size());
        assertEquals(2, maxAtOnce(group), "cl-pair (maxConcurrent 2) across six runs on two servers");
        assertEquals(1, maxAtOnce(lock), "exclusive lock cl-table across six runs on two servers");
    }

    /**
     * Fifty runs started at once, half through each server, every task taking a slot of one cluster-wide group or one
     * exclusive lock from the database ledger: all complete, the limits hold across servers, and no pool timed out
     * (J2CA0045E). Before the ledger had connections of its own, a dispatcher holding the scheduler's lock waited for a
     * pooled connection held by job threads that waited for that lock, and both servers stopped.
     */
    @Test
    @Order(2)
    void fiftyRunsAtOnceOnBothServersShareTheLedgerWithoutWaitingForEachOther() throws Exception {
        List<CompletableFuture<long[]>> starts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String api = i % 2 == 0 ? A : B;
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new long[] {start(api, "cl-burst", Json.createObjectBuilder())};
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, BURST));
        }
        List<long[]> group = new ArrayList<>();
        List<long[]> lock = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long run = starts.get(i).get(2, TimeUnit.MINUTES)[0];
            collect(awaitRun(i % 2 == 0 ? A : B, run, "COMPLETED", 1), group, lock);
        }
        assertEquals(150, group.size());
        assertEquals(100, lock.size());
        assertEquals(2, maxAtOnce(group), "cl-burst-pair (maxConcurrent 2) across fifty runs on two servers");
        assertEquals(1, maxAtOnce(lock), "exclusive lock cl-burst-table across fifty runs on two servers");
        for (String server : Cluster.SERVERS) {
            assertFalse(Cluster.log(server).contains("J2CA0045E"), server + " ran out of pooled connections");
        }
    }

    @Test
    @Order(3)
    void aRunStartedOnOneServerIsStoppedAndRestartedThroughTheOther() throws Exception {
        long runId = start(A, "cf-stop", Json.createObjectBuilder());
        awaitRunning(B, runId, "b");

        // the other server checks the caller's rights before it passes anything on: a viewer's stop changes nothing
        assertEquals(403, Http.post(B + "/runs/" + runId + "/stop", "viewer", null).status());
        await("still running after a refused stop").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "RUNNING".equals(LibertyIT.tasks(get(A + "/runs/" + runId)).get("b").getString("status")));

        Http.Reply stop = Http.post(B + "/runs/" + runId + "/stop", "operator", null);
        assertEquals(202, stop.status(), stop.body());
        JsonObject stopped = awaitRun(B, runId, "STOPPED", 1);
        assertEquals("STOPPED", LibertyIT.tasks(stopped).get("b").getString("status"), stopped.toString());

        Http.Reply restarted = Http.post(B + "/runs/" + runId + "/restart", "operator",
                Json.createObjectBuilder().add("params", Json.createObjectBuilder().add("bTime", "100ms")).build());
        assertEquals(202, restarted.status(), restarted.body());
        JsonObject done = awaitRun(A, runId, "COMPLETED", 2);
        assertEquals(1, LibertyIT.tasks(done).get("a").getJsonArray("tries").size(), "a completed before: not run again");
        assertEquals(2, LibertyIT.tasks(done).get("b").getJsonArray("tries").size(), done.toString());
        assertEquals("braid-b", last(LibertyIT.tasks(done).get("b").getJsonArray("tries").stream()
                .map(JsonValue::asJsonObject).toList()).getString("server"), "the restart ran where it was asked");
    }

    @Test
    @Order(4)
    void aCancelGivenToTheOtherServerReachesTheRun() throws Exception {
        long runId = start(A, "cf-stop", Json.createObjectBuilder());
        awaitRunning(B, runId, "b");
        Http.Reply cancel = Http.post(B + "/runs/" + runId + "/tasks/b/cancel", "operator", null);
        assertEquals(202, cancel.status(), cancel.body());
        assertEquals("REQUESTED", cancel.object().getString("status"));
        JsonObject ended = await("run ended").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(A + "/runs/" + runId), r -> !Set.of("RUNNING", "QUEUED", "STOPPING").contains(r.getString("status")));
        assertEquals("CANCELLED", LibertyIT.tasks(ended).get("b").getString("status"), ended.toString());
    }

    @Test
    @Order(5)
    void killingAServerThatRunsPartitionsLosesNoRowAndDuplicatesNone() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-csv", "cluster-" + System.nanoTime()).toAbsolutePath());
        int rows = 30_000;
        long sum = 0;
        for (int p = 0; p < 6; p++) {
            sum += IdCsv.write(dir.resolve("p" + p + ".csv"), 1 + p * rows, rows);
        }
        long total = 6L * rows;
        long runId = start(A, "cl-import", Json.createObjectBuilder().add("dir", dir.toString()));
        await("braid-b importing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> partitions(get(A + "/runs/" + runId), "parts").stream()
                        .anyMatch(p -> "braid-b".equals(p.getString("server", "")) && "RUNNING".equals(p.getString("status"))));

        Cluster.kill("braid-b");
        Cluster.command("start", "braid-b");
        Cluster.awaitReady(Cluster.B); // an authenticated API call: Liberty recovers the killed server's partitions
        Cluster.awaitExecutor("braid-b");

        // the run cannot complete with partitions lost on the killed server: stop what is left, then restart
        JsonObject now = get(A + "/runs/" + runId);
        if (Set.of("RUNNING", "QUEUED").contains(now.getString("status"))) {
            Http.Reply stop = Http.post(A + "/runs/" + runId + "/stop", "operator", null);
            assertTrue(stop.status() == 202 || stop.status() == 409, stop.body());
        }
        JsonObject ended = await("run ended").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(A + "/runs/" + runId), r -> !Set.of("RUNNING", "QUEUED", "STOPPING").contains(r.getString("status")));
        int executions = ended.getInt("executions");
        if (!"COMPLETED".equals(ended.getString("status"))) {
            // Liberty marks the killed server's partitions FAILED once that server's job repository is open again (Braid
            // opens it on the first API call); until then it refuses the restart (409, "still in a non-final state")
            Http.Reply restarted = await("restart accepted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Http.post(A + "/runs/" + runId + "/restart", "operator", Json.createObjectBuilder().build()),
                            r -> r.status() != 409);
            assertEquals(202, restarted.status(), restarted.body());
            executions++;
        }
        JsonObject done = awaitRun(A, runId, "COMPLETED", executions);
        JsonObject count = LibertyIT.tasks(done).get("count").getJsonObject("outputs");
        IdCsv.assertEveryRowOnce(total, sum, count.getJsonNumber("n").longValue(), count.getJsonNumber("d").longValue(),
                count.getJsonNumber("s").longValue(), done);
        for (String once : new String[] {"drop", "create"}) {
            assertEquals(1, LibertyIT.tasks(done).get(once).getJsonArray("tries").size(), once + " did not run again: " + done);
        }
    }

    /** Starts runs concurrently, as fifty clients would. */
    private static final java.util.concurrent.ExecutorService BURST = java.util.concurrent.Executors.newFixedThreadPool(16);

    private static long start(String api, String workflow, JsonObjectBuilder params) throws Exception {
        Http.Reply r = Http.post(api + "/workflows/" + workflow + "/runs", "operator",
                Json.createObjectBuilder().add("params", params).build());
        assertEquals(201, r.status(), r.body());
        return r.object().getJsonNumber("runId").longValue();
    }

    /** Until the task runs, as the given server sees it. */
    private static void awaitRunning(String api, long runId, String task) {
        await(task + " running").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "RUNNING".equals(LibertyIT.tasks(get(api + "/runs/" + runId)).get(task).getString("status")));
    }

    private static JsonObject get(String url) throws Exception {
        Http.Reply r = Http.get(url, "viewer");
        assertEquals(200, r.status(), r.body());
        return r.object();
    }

    private static JsonObject awaitRun(String api, long runId, String status, int execution) {
        Set<String> inFlight = Set.of("QUEUED", "RUNNING", "STARTING", "STARTED", "STOPPING");
        JsonObject last = await("run " + runId + " execution " + execution + " ended").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(api + "/runs/" + runId),
                        r -> r.getInt("executions") >= execution && !inFlight.contains(r.getString("status")));
        assertEquals(status, last.getString("status"), "run " + runId + ": " + last);
        return last;
    }

    private static List<JsonObject> partitions(JsonObject run, String task) {
        JsonObject t = LibertyIT.tasks(run).get(task);
        return t.containsKey("partitions") ? t.getJsonArray("partitions").stream().map(JsonValue::asJsonObject).toList() : List.of();
    }

    private static void collect(JsonObject run, List<long[]> group, List<long[]> lock) {
        LibertyIT.tasks(run).forEach((id, t) -> {
            for (JsonValue v : t.getJsonArray("tries")) {
                JsonObject y = v.asJsonObject();
                long[] span = {Instant.parse(y.getString("start")).toEpochMilli(), Instant.parse(y.getString("end")).toEpochMilli()};
                (id.startsWith("g") ? group : lock).add(span);
            }
        });
    }

    /** Most spans open at one instant (an end and a start at the same millisecond do not overlap). */
    private static int maxAtOnce(List<long[]> spans) {
        List<long[]> events = new ArrayList<>();
        spans.forEach(s -> {
            events.add(new long[] {s[0], 1});
            events.add(new long[] {s[1], -1});
        });
        events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int open = 0;
        int max = 0;
        for (long[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

}
