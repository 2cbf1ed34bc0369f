package io.braid.liberty;

import io.braid.testing.Checkout;
import io.braid.testing.Postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL tier's cluster: servers braid-a (messaging engine) and braid-b, created by the build, started here
 * once per test JVM after PostgreSQL is ready for them (prepared transactions on, a fresh database set up with the
 * administrator's script db/postgresql/setup.sql). Stopped by the build after the tests.
 */
public final class Cluster {
    static final List<String> SERVERS = Arrays.stream(System.getProperty("braid.it.cluster", "").split(","))
            .filter(s -> !s.isBlank()).toList();
    static final String A = Http.HTTP;
    static final String B = System.getProperty("braid.it.b.http", "http://localhost:9381");
    private static final Path WLP = Path.of("target", "liberty", "wlp");
    private static final String DATABASE = System.getProperty("braid.it.pg.database", "braid_cluster_it");
    private static final int CONNECTIONS = 200;
    private static boolean up;

    private Cluster() {
    }

    /** For the benchmark harness (io.braid.bench, run by the build like the tests): the same start, outside a test. */
    public static void startForBenchmarks() throws Exception {
        ensureUpIfConfigured();
    }

    /** In the PostgreSQL tier: PostgreSQL prepared and both servers started (once); elsewhere nothing. */
    static synchronized void ensureUpIfConfigured() throws Exception {
        if (SERVERS.isEmpty() || up) {
            return;
        }
        Postgres.assumeAvailable();
        allowPreparedTransactions();
        freshDatabase();
        shareOneCertificate();
        jmsProbeOn(SERVERS.get(SERVERS.size() - 1));
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (String server : SERVERS) {
            starts.add(CompletableFuture.runAsync(() -> command("start", server)));
        }
        starts.forEach(CompletableFuture::join);
        awaitReady(A);
        awaitReady(B);
        for (String server : SERVERS) {
            awaitExecutor(server);
        }
        up = true;
    }

    /**
     * XA (a csv-import's rows and position, Liberty's dispatch of a partition with its record) needs PostgreSQL's
     * prepared transactions, off by default, and two servers' pools more than PostgreSQL's default 100 connections;
     * changing either takes a restart of PostgreSQL (as root, as on the
     * project's machines and CI; elsewhere an administrator does it once, docs/scale-out.md).
     */
    private static void allowPreparedTransactions() throws Exception {
        if (setting("max_prepared_transactions") > 0 && setting("max_connections") >= CONNECTIONS) {
            return;
        }
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET max_prepared_transactions = 64");
            // two servers' pools (docs/scale-out.md: 40 + 10 + 8 each) and the tests' own connections
            st.execute("ALTER SYSTEM SET max_connections = " + CONNECTIONS);
        }
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
        await("PostgreSQL back").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> setting("max_prepared_transactions") > 0 && setting("max_connections") >= CONNECTIONS);
    }

    private static int setting(String name) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    private static void freshDatabase() throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        run(List.of("psql", "-q", "-h", Postgres.HOST, "-p", Integer.toString(Postgres.PORT), "-U", Postgres.ADMIN,
                "-d", "postgres", "-v", "db=" + DATABASE, "-v", "password='braid'", "-v", "tasks_password='braid-tasks'",
                "-f", Checkout.file("db/postgresql/setup.sql").toString()));
    }

    /**
     * The cluster's servers reach the messaging engine over TLS (braid.jms.security=tls, set by the build): as
     * docs/scale-out.md asks of an administrator, every server trusts the engine's certificate, here by having the same
     * key store (one certificate for localhost, which every server both presents and trusts).
     */
    private static void shareOneCertificate() throws Exception {
        Path store = Files.createDirectories(Path.of("target", "cluster-tls")).resolve("key.p12");
        String password = "braid-cluster-it";
        if (!Files.exists(store)) {
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "default", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", password, "-keypass", password));
        }
        for (String server : SERVERS) {
            Path dir = WLP.resolve("usr/servers/" + server);
            Path security = Files.createDirectories(dir.resolve("resources/security"));
            Files.copy(store, security.resolve("key.p12"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path env = dir.resolve("server.env");
            List<String> lines = new ArrayList<>(Files.exists(env) ? Files.readAllLines(env) : List.of());
            lines.removeIf(l -> l.startsWith("keystore_password="));
            lines.add("keystore_password=" + password);
            Files.write(env, lines);
        }
    }

    /**
     * A test-only application on a member ({@code /jmsprobe/}, io.braid.jmsprobe) and connection factories of its own
     * that reach the messaging engine over the network, as a stranger would: with a wrong password, as a registry user
     * who is not the cluster's, with no credentials, and (to show the probe itself works) with the cluster's login.
     */
    private static void jmsProbeOn(String server) throws IOException {
        Path dir = WLP.resolve("usr/servers/" + server);
        Path classes = Path.of("target", "test-classes");
        Path dropins = Files.createDirectories(dir.resolve("dropins"));
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(dropins.resolve("jmsprobe.war")));
             Stream<Path> files = Files.list(classes.resolve("io/braid/jmsprobe"))) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new java.util.zip.ZipEntry("WEB-INF/classes/" + classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        String address = "${braid.jms.host}:${braid.jms.port}:BootstrapSecureMessaging";
        StringBuilder xml = new StringBuilder("<server>\n");
        for (String[] login : List.of(new String[] {"wrong-password", "${braid.jms.user}", "not-the-password"},
                new String[] {"other-user", "viewer", "viewer"}, new String[] {"cluster", "${braid.jms.user}", "${braid.jms.password}"})) {
            xml.append("  <authData id=\"probe-").append(login[0]).append("\" user=\"").append(login[1])
                    .append("\" password=\"").append(login[2]).append("\"/>\n")
                    .append("  <jmsConnectionFactory jndiName=\"jms/probe/").append(login[0])
                    .append("\" containerAuthDataRef=\"probe-").append(login[0]).append("\">\n")
                    .append("    <properties.wasJms remoteServerAddress=\"").append(address).append("\" userName=\"")
                    .append(login[1]).append("\" password=\"").append(login[2]).append("\"/>\n")
                    .append("  </jmsConnectionFactory>\n");
        }
        xml.append("  <jmsConnectionFactory jndiName=\"jms/probe/anonymous\">\n")
                .append("    <properties.wasJms remoteServerAddress=\"").append(address).append("\"/>\n")
                .append("  </jmsConnectionFactory>\n</server>\n");
        Path overrides = Files.createDirectories(dir.resolve("configDropins/overrides"));
        Files.writeString(overrides.resolve("jms-probe.xml"), xml);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(Postgres.url("postgres"), Postgres.ADMIN, "");
    }

    /** {@code server start|stop <name>}. */
    static void command(String action, String server) {
        try {
            run(List.of(WLP.resolve("bin/server").toString(), action, server));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    /** SIGKILL to a server's JVM. */
    static void kill(String server) throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + server + ".pid")).trim());
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no server process " + pid));
        assertTrue(jvm.destroyForcibly(), "kill -9 " + pid);
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The server's messages.log as it is now. */
    static String log(String server) throws IOException {
        return Files.readString(WLP.resolve("usr/servers/" + server + "/logs/messages.log"));
    }

    /** Until the server's batch executor listens on the messaging engine's queue (CWSIV0777I in its log). */
    static void awaitExecutor(String server) {
        Path log = WLP.resolve("usr/servers/" + server + "/logs/messages.log");
        await(server + " takes partitions").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .ignoreException(IOException.class)
                .until(() -> Files.readString(log).contains("CWSIV0777I"));
    }

    static void awaitReady(String base) {
        await("server " + base + " ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .ignoreException(IOException.class)
                .until(() -> Http.get(base + "/health/ready", null).status() == 200
                        && Http.get(base + "/braid/api/workflows", "viewer").status() == 200);
    }
}
