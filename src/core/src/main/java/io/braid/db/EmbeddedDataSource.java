package io.braid.db;

import org.h2.jdbcx.JdbcConnectionPool;

import java.util.Locale;
import javax.sql.DataSource;

/** The data sources Braid opens itself when it runs outside a container: pooled H2 connections. */
final class EmbeddedDataSource {
    private EmbeddedDataSource() {
    }

    static String url(String property) {
        String url = System.getProperty(property);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no data source: set -D" + property + "=jdbc:h2:file:… when running "
                    + "outside Liberty (on Liberty, jdbc/braid is configured in server.xml)");
        }
        return url;
    }

    /**
     * Braid's own: records and, on the embedded runner, the job repository. The runner sets the user and password from
     * its data folder; H2's {@code sa} with no password is for the build's test database only (src/app/pom.xml).
     */
    static DataSource own(String url) {
        return JdbcConnectionPool.create(url, System.getProperty(Database.USER_PROPERTY, "sa"),
                System.getProperty(Database.PASSWORD_PROPERTY, ""));
    }

    /**
     * Where workflow SQL runs: the same database as the task user, never creating one. Database settings of Braid's
     * URL (DB_CLOSE_DELAY, MODE, INIT, …) are an administrator's and are left out; AUTO_SERVER is kept, so the
     * connection finds the database wherever Braid's own did.
     */
    static DataSource tasks(String url, TaskDatabase.User user) {
        String[] parts = url.split(";");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].toUpperCase(Locale.ROOT).startsWith("AUTO_SERVER")) {
                b.append(';').append(parts[i]);
            }
        }
        b.append(";IFEXISTS=TRUE;SCHEMA=").append(user.schema());
        return JdbcConnectionPool.create(b.toString(), user.name(), user.password());
    }
}
