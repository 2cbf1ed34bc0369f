package io.braid.testing;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL server of the project's machines (127.0.0.1:5432, trust authentication), for the tests of the
 * production database. Without it those tests are skipped with one line saying why, unless
 * {@code BRAID_REQUIRE_POSTGRESQL=1} (as in .ci/run), which makes its absence a failure.
 */
public final class Postgres {
    public static final String HOST = System.getProperty("braid.it.pg.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("braid.it.pg.port",
            Integer.parseInt(System.getenv().getOrDefault("BRAID_IT_PG_PORT", "5432")));
    public static final String ADMIN = System.getProperty("braid.it.pg.user", "postgres");

    private Postgres() {
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Why PostgreSQL cannot be used here, or empty when it can. */
    public static Optional<String> unavailable() {
        try (Connection c = DriverManager.getConnection(url("postgres"), ADMIN, "")) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("PostgreSQL is not reachable at " + HOST + ":" + PORT + " as " + ADMIN + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The build's one line about the PostgreSQL tier, before the tests (exec-maven-plugin, process-test-classes): that it
     * runs, or why it is skipped; absent and required ({@code BRAID_REQUIRE_POSTGRESQL=1}), the build fails here.
     */
    public static void main(String[] args) {
        Optional<String> why = unavailable();
        if (why.isEmpty()) {
            System.out.println("[INFO] PostgreSQL at " + HOST + ":" + PORT + ": the PostgreSQL tests run (JdbcLedgerTest, "
                    + "PostgresDatabaseTest, LibertyIT on braid-a and ClusterIT)");
        } else if (required()) {
            throw new IllegalStateException("PostgreSQL tests cannot run: " + why.get() + "; BRAID_REQUIRE_POSTGRESQL=1 requires them");
        } else {
            System.out.println("[WARNING] PostgreSQL tests skipped: " + why.get());
        }
    }

    private static boolean required() {
        return "1".equals(System.getenv("BRAID_REQUIRE_POSTGRESQL"));
    }

    /** Skips the calling test (one line on the console) when PostgreSQL is missing, or fails it when it is required. */
    public static void assumeAvailable() {
        Optional<String> why = unavailable();
        if (why.isEmpty()) {
            return;
        }
        String line = "PostgreSQL tests skipped: " + why.get();
        if (required()) {
            fail(line + "; BRAID_REQUIRE_POSTGRESQL=1 requires them");
        }
        assumeTrue(false, line); // the build printed why (main, above)
    }

    /** A new, empty database of this name (dropped first if it exists), owned by the administrator. */
    public static DataSource freshDatabase(String name) {
        assumeAvailable();
        try (Connection c = DriverManager.getConnection(url("postgres"), ADMIN, "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return dataSource(name);
    }

    public static DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url(database));
        ds.setUser(ADMIN);
        return ds;
    }
}
