package io.braid.embedded;

import jakarta.batch.runtime.BatchRuntime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Configures JBeret SE for Braid. JBeret reads {@code jberet.properties} once per JVM, through the thread
 * context class loader, when its runtime is first used, and substitutes only environment variables in it;
 * Braid's database location is chosen at run time, so the configuration is served from memory at that moment.
 */
final class JBeretConfig {
    private static final String RESOURCE = "jberet.properties";

    private JBeretConfig() {
    }

    /**
     * The JDBC job repository in Braid's H2 database and an unbounded ("Cached") pool: every flow of a split
     * gets its thread, as on Liberty's default executor, so Braid's gate cannot deadlock. The job repository logs in
     * as Braid does (the runner's data folder keeps the password, {@link DbCredentials}).
     */
    static Properties properties(String dbUrl, String user, String password) {
        Properties p = new Properties();
        p.setProperty("job-repository-type", "jdbc");
        p.setProperty("db-url", dbUrl);
        p.setProperty("db-user", user);
        p.setProperty("db-password", password);
        p.setProperty("thread-pool-type", "Cached");
        return p;
    }

    /** Initialises JBeret's per-JVM runtime with the given configuration (no effect once initialised). */
    static void initialise(Properties config) {
        Thread t = Thread.currentThread();
        ClassLoader original = t.getContextClassLoader();
        t.setContextClassLoader(new Serving(original == null ? JBeretConfig.class.getClassLoader() : original, config));
        try {
            BatchRuntime.getJobOperator().getJobNames(); // first use builds the runtime from the configuration
        } finally {
            t.setContextClassLoader(original);
        }
    }

    /** Delegates everything to its parent except {@value #RESOURCE}, which it serves from memory. */
    private static final class Serving extends ClassLoader {
        private final byte[] config;

        Serving(ClassLoader parent, Properties properties) {
            super(parent);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                properties.store(out, "Braid embedded runtime");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.config = out.toByteArray();
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return RESOURCE.equals(name) ? new ByteArrayInputStream(config) : super.getResourceAsStream(name);
        }
    }
}
