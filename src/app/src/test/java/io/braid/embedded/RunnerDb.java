package io.braid.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC to a runner's H2 database from another process, as the runner's user: with the credentials in its folder. */
final class RunnerDb {
    private static final String PREFIX = "jdbc:h2:file:";

    private RunnerDb() {
    }

    /** {@code jdbc:h2:file:<data>/braid;AUTO_SERVER=TRUE;IFEXISTS=TRUE}: through the runner's server while it runs. */
    static String url(Path data) {
        return PREFIX + data.toAbsolutePath().resolve("braid") + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    }

    /** The user and password the runner keeps in the data folder (db.credentials). */
    static Properties credentials(Path data) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(data.resolve("db.credentials"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Connects to the database of a URL made by {@link #url} (or with other options), with its folder's credentials. */
    static Connection connect(String url) throws SQLException {
        Path data = Path.of(url.substring(PREFIX.length(), url.indexOf(';'))).getParent();
        Properties login = credentials(data);
        return DriverManager.getConnection(url, login.getProperty("user"), login.getProperty("password"));
    }
}
