package io.braid.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases Braid keeps its records in: H2 (the embedded default) and PostgreSQL (production, shared by the
 * servers of a cluster). Braid's SQL is written once, unquoted, so each database folds names its own way; the few
 * differences are here.
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    public static Dialect of(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return of(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach Braid's database: " + e.getMessage(), e);
        }
    }

    public static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "H2" -> H2;
            case "PostgreSQL" -> POSTGRESQL;
            default -> throw new IllegalStateException("Braid's records need H2 or PostgreSQL, not " + product
                    + " (docs/operations.md, \"Database\")");
        };
    }

    /**
     * The schema name as Flyway must create it: Flyway quotes it, and Braid's unquoted {@code BRAID.RUN} means
     * {@code braid.run} on PostgreSQL, which folds unquoted names to lower case.
     */
    String schema(String name) {
        return this == POSTGRESQL ? name.toLowerCase(Locale.ROOT) : name;
    }

    /**
     * What the migrations need before they run. They were first written for H2 and name the SQL standard's
     * {@code CLOB}, which PostgreSQL calls {@code text}: a domain in {@code public} (on Flyway's search path) gives
     * PostgreSQL that name, so the same migration files, with the same checksums, serve both databases.
     */
    void prepare(DataSource ds) {
        if (this != POSTGRESQL) {
            return;
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    + "WHERE t.typname = 'clob' AND n.nspname = 'public') THEN CREATE DOMAIN public.clob AS text; END IF; END $$");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL for Braid's migrations: " + e.getMessage(), e);
        }
    }
}
