package io.braid.db;

import io.braid.config.ConfigValues;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceUnit;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Braid's database: migrates the schema (Flyway, scripts from db/) and provides the persistence unit.
 *
 * <p>On Liberty the container injects the {@code jdbc/braid} data source and the persistence unit. Embedded
 * (JBeret SE, no container resources) it connects to {@code braid.db.url} itself.
 */
@ApplicationScoped
public class Database {
    /** JDBC URL used when no container data source is present (embedded runner, tests). */
    public static final String URL_PROPERTY = "braid.db.url";
    /** The user and password for {@link #URL_PROPERTY} (the embedded runner sets them from its data folder). */
    public static final String USER_PROPERTY = "braid.db.user";
    public static final String PASSWORD_PROPERTY = "braid.db.password";
    public static final String SCHEMA = "BRAID";

    @Resource(lookup = "jdbc/braid")
    DataSource containerDataSource;

    @PersistenceUnit(unitName = "braid")
    EntityManagerFactory containerEmf;

    /** Where workflow SQL runs on Liberty, as a user without administrator rights (see {@link TaskDatabase}). */
    @Resource(lookup = "jdbc/braidTasks")
    DataSource containerTaskDataSource;

    /**
     * The database ledger's own pool (braid.ledger=database): its connections are taken under the scheduler's lock, so
     * they must never be held by a thread that waits for that lock (see {@code JdbcLedger}).
     */
    @Resource(lookup = "jdbc/braidLedger")
    DataSource containerLedgerDataSource;

    private DataSource dataSource;
    private DataSource taskDataSource;
    private DataSource ledgerDataSource;
    private EntityManagerFactory emf;
    private boolean ownEmf;

    @PostConstruct
    void init() {
        if (containerDataSource != null) { // the server's data folder, where the embedded runner must not be
            ConfigValues.current().raw("braid.data.dir").ifPresent(d -> DataDirs.claim(Path.of(d), DataDirs.SERVER));
        }
        String url = containerDataSource != null ? null : EmbeddedDataSource.url(URL_PROPERTY);
        dataSource = containerDataSource != null ? containerDataSource : EmbeddedDataSource.own(url);
        migrate(dataSource);
        TaskDatabase.User taskUser = TaskDatabase.User.from(ConfigValues.current());
        TaskDatabase.provision(dataSource, taskUser);
        taskDataSource = containerTaskDataSource != null ? containerTaskDataSource
                : url != null ? EmbeddedDataSource.tasks(url, taskUser) : dataSource;
        ledgerDataSource = containerLedgerDataSource != null ? containerLedgerDataSource
                : url != null ? EmbeddedDataSource.own(url) : dataSource;
        if (containerEmf != null) {
            emf = containerEmf;
        } else {
            emf = Persistence.createEntityManagerFactory("braid",
                    Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
            ownEmf = true;
        }
    }

    /** Created when the application starts: migrations, the task user, and a wrong database setting show at once. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct did the work
    }

    @PreDestroy
    void close() {
        if (ownEmf && emf.isOpen()) {
            emf.close();
        }
    }

    /** On a server, whose data sources are the container's (Liberty); off one, the embedded runtime. */
    public boolean onServer() {
        return containerDataSource != null;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Connections for the database ledger alone: no other code takes them, so a thread waiting for one waits only for
     * the ledger's own short transactions, never for a job thread that holds a connection of {@link #dataSource()}.
     */
    public DataSource ledgerDataSource() {
        return ledgerDataSource;
    }

    /**
     * Where workflow SQL runs (sql, csv-import and your own types' default data source): the same database as a user
     * without administrator rights, in its own schema.
     */
    public DataSource taskDataSource() {
        return taskDataSource;
    }

    public EntityManagerFactory emf() {
        return emf;
    }

    /** Migrations in db/ not yet applied to the database (0 once the application has started). */
    public int pendingMigrations() {
        return flyway(dataSource()).info().pending().length;
    }

    /** Applies pending migrations; idempotent. */
    public static void migrate(DataSource ds) {
        flyway(ds).migrate();
    }

    private static Flyway flyway(DataSource ds) {
        Dialect dialect = Dialect.of(ds);
        dialect.prepare(ds);
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(ds)
                .schemas(dialect.schema(SCHEMA))
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholderReplacement(false) // migrations are plain SQL; ${…} in them is text
                .load();
    }
}
