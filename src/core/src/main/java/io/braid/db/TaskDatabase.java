package io.braid.db;

import io.braid.config.ConfigValues;
import io.braid.log.Messages;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Least privilege for workflow SQL: {@code sql} and {@code csv-import} tasks (and your own types' default data
 * source) run as a database user without administrator rights, in a schema of its own, with no access to Braid's
 * records or the job repository except the progress table it writes with each chunk. On the embedded H2 database
 * Braid creates that user and schema itself (an H2 user without admin rights cannot read or write server files,
 * define Java functions or change users); on other databases the administrator creates them (docs/security.md).
 */
final class TaskDatabase {
    private static final Logger LOG = Logger.getLogger(TaskDatabase.class.getName());
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** The task user's credentials and schema (MicroProfile Config: braid.tasks.db.user, .password, .schema). */
    record User(String name, String password, String schema) {
        static User from(ConfigValues config) {
            String name = config.text("braid.tasks.db.user", "braid_tasks");
            String schema = config.text("braid.tasks.db.schema", "TASKS");
            for (String[] id : new String[][]{{"braid.tasks.db.user", name}, {"braid.tasks.db.schema", schema}}) {
                if (!IDENTIFIER.matcher(id[1]).matches()) {
                    throw ConfigValues.bad(id[0], id[1], "a name of letters, digits and '_'");
                }
            }
            return new User(name, config.raw("braid.tasks.db.password").orElse("braid-tasks"), schema);
        }
    }

    private TaskDatabase() {
    }

    /**
     * Creates (or updates) the task user and its schema on an H2 database where Braid's user is an administrator. On
     * PostgreSQL the administrator creates them (db/postgresql/setup.sql) and Braid, owner of its schema, grants the
     * task user what a csv-import writes with its rows.
     */
    static void provision(DataSource own, User user) {
        try (Connection c = own.getConnection()) {
            if (Dialect.of(c) == Dialect.POSTGRESQL) {
                grantProgress(c, user);
                return;
            }
            try (PreparedStatement create = c.prepareStatement("CREATE USER IF NOT EXISTS " + user.name() + " PASSWORD ?")) {
                create.setString(1, user.password());
                create.execute();
            }
            // prepared only now: H2 resolves the user when it prepares the statement
            try (PreparedStatement password = c.prepareStatement("ALTER USER " + user.name() + " SET PASSWORD ?")) {
                password.setString(1, user.password());
                password.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + user.schema() + " AUTHORIZATION " + user.name());
                // the position of a csv-import is written with its rows, in the task user's transaction
                st.execute("GRANT SELECT, INSERT, UPDATE ON " + Database.SCHEMA + ".TASK_PROGRESS TO " + user.name());
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            Messages.TASK_USER_NOT_CREATED.log(LOG, user.name(), e.getMessage());
        }
    }

    private static void grantProgress(Connection c, User user) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, user.name().toLowerCase(Locale.ROOT));
            if (!exists.executeQuery().next()) {
                Messages.TASK_USER_NOT_CREATED.log(LOG, user.name(), "no such role; create it with db/postgresql/setup.sql");
                return;
            }
        }
        try (Statement st = c.createStatement()) {
            String schema = Dialect.POSTGRESQL.schema(Database.SCHEMA);
            st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + user.name());
            st.execute("GRANT SELECT, INSERT, UPDATE ON " + schema + ".TASK_PROGRESS TO " + user.name());
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
