package io.braid.embedded;

import io.braid.testing.Checkout;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner's H2 database as another local process sees it: with AUTO_SERVER it listens on a loopback port (named in
 * braid.lock.db), and H2's administrator may run Java in the runner's JVM. Nobody gets in as {@code sa} with no password;
 * the password is random, in the data folder (0700) in db.credentials (0600), and in no output. Each runner is a JVM of
 * its own (JBeret SE's runtime is one per JVM), started as EmbeddedRunnerIT starts it.
 */
@Tag("runner")
class DataFolderSecurityIT {
    private static final Path JAR = Checkout.file("src/embedded/target/braid-cli.jar");

    @TempDir
    Path tmp;

    @Test
    void anotherProcessCannotLogInAsSaWithNoPasswordWhileTheRunnerRunsOrAfter() throws Exception {
        Path data = tmp.resolve("data");
        Path wf = Files.writeString(tmp.resolve("hold.yaml"), "name: hold\ntasks:\n  - { id: a, type: wait, with: { duration: 120s } }\n");
        Path log = tmp.resolve("run.log");
        Process run = command("run", wf.toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the runner prints its job execution once its database is open and its server listens
            await("the runner's database").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertTrue(run.isAlive(), () -> "the runner ended: " + read(log));
                        return read(log).contains("job execution");
                    });
            assertTrue(Files.exists(data.resolve("braid.lock.db")), "AUTO_SERVER: another process connects through the runner");

            // the attack: the runner's database server, as sa with no password
            assertRefused(() -> DriverManager.getConnection(RunnerDb.url(data), "sa", ""));
            // the runner's user, with the folder's credentials, through the same server
            Properties login = RunnerDb.credentials(data);
            String password = login.getProperty("password");
            assertEquals("sa", login.getProperty("user"));
            assertTrue(password.matches("[A-Za-z0-9_-]{43,}"), "32 random bytes or more, URL-safe base64");
            assertEquals(1, count(data, "SELECT COUNT(*) FROM BRAID.RUN WHERE WORKFLOW = 'hold' AND STATUS = 'RUNNING'"));
            assertEquals("rwx------", permissions(data));
            assertEquals("rw-------", permissions(data.resolve("db.credentials")));

            // a second command on the folder during the run reads the same file
            Process runs = command("runs", "--data", data.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("runs.log").toFile()).start();
            assertTrue(runs.waitFor(2, TimeUnit.MINUTES), "braid runs ended");
            String listed = read(tmp.resolve("runs.log"));
            assertEquals(0, runs.exitValue(), listed);
            assertTrue(listed.contains("hold") && listed.contains("RUNNING"), listed);

            run.destroy(); // SIGTERM: the runner stops its run and ends
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the runner ended");

            // with no runner, the file itself: still no way in without the password
            assertRefused(() -> DriverManager.getConnection(RunnerDb.url(data), "sa", ""));
            assertEquals(1, count(data, "SELECT COUNT(*) FROM BRAID.RUN WHERE WORKFLOW = 'hold' AND STATUS = 'STOPPED'"));

            assertFalse(read(log).contains(password), "the password is in the runner's output:\n" + read(log));
            assertFalse(listed.contains(password), "the password is in braid runs' output");
            try (Stream<Path> files = Files.walk(data)) { // H2 keeps a salted hash; logs and traces never the password
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("db.credentials")).toList()) {
                    assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(password), f.toString());
                }
            }
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void aFolderOfAnEarlierBraidGetsAPasswordAndKeepsItsData() throws Exception {
        // what an earlier Braid left: a folder others may read, and a database whose administrator is sa with no password
        Path data = Files.createDirectories(tmp.resolve("old"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("braid"), "sa", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE PUBLIC.EARLIER (ID INT PRIMARY KEY)");
            st.execute("INSERT INTO PUBLIC.EARLIER VALUES (42)");
        }
        assertFalse(Files.exists(data.resolve("db.credentials")));

        Path wf = Files.writeString(tmp.resolve("one.yaml"), "name: one\ntasks:\n  - { id: a, type: wait, with: { duration: 0ms } }\n");
        Result r = braid("run", wf.toString(), "--data", data.toString());
        assertEquals(0, r.exit(), r.output());

        assertRefused(() -> DriverManager.getConnection(RunnerDb.url(data), "sa", ""));
        assertEquals(1, count(data, "SELECT COUNT(*) FROM PUBLIC.EARLIER WHERE ID = 42"), "the earlier data, with the new password");
        assertEquals(1, count(data, "SELECT COUNT(*) FROM BRAID.RUN WHERE WORKFLOW = 'one' AND STATUS = 'COMPLETED'"));
        assertEquals("rwx------", permissions(data));
        assertEquals("rw-------", permissions(data.resolve("db.credentials")));
        String password = RunnerDb.credentials(data).getProperty("password");
        assertFalse(r.output().contains(password), r.output());

        // the next command reads the file: the same password, and the folder's runs
        Result runs = braid("runs", "--data", data.toString());
        assertEquals(0, runs.exit(), runs.output());
        assertTrue(runs.output().contains("one") && runs.output().contains("COMPLETED"), runs.output());
        assertEquals(password, RunnerDb.credentials(data).getProperty("password"));
    }

    @Test
    void aDatabaseThatRefusesBothTheFileAndTheOldDefaultIsRefusedNamingTheFolderAndTheFile() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("other"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("braid"), "sa", "not-braids")) {
            assertTrue(c.isValid(1));
        }
        Result r = braid("runs", "--data", data.toString());
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("the H2 database in the data folder " + data.toAbsolutePath())
                && r.output().contains(data.toAbsolutePath().resolve("db.credentials").toString()), r.output());
        assertFalse(Files.exists(data.resolve("db.credentials")), "no file with a password the database does not have");
    }

    private static void assertRefused(ConnectionAttempt attempt) {
        SQLException e = assertThrows(SQLException.class, () -> attempt.connect().close(), "sa with no password let in");
        assertEquals(ErrorCode.WRONG_USER_OR_PASSWORD, e.getErrorCode(), e.toString());
    }

    private interface ConnectionAttempt {
        Connection connect() throws SQLException;
    }

    private static long count(Path data, String sql) throws SQLException {
        try (Connection c = RunnerDb.connect(RunnerDb.url(data)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exit, String output) {
    }

    private Result braid(String... args) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime());
        Process p = command(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "braid " + String.join(" ", args) + " did not end");
        return new Result(p.exitValue(), read(out));
    }

    private static ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
