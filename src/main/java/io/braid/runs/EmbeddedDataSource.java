package io.braid.runs;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;

/** The data source Braid opens itself when it runs outside a container: a pooled H2 connection. */
final class EmbeddedDataSource {
    private EmbeddedDataSource() {
    }

    static DataSource fromSystemProperty(String property) {
        String url = System.getProperty(property);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no data source: set -D" + property + "=jdbc:h2:file:… when running "
                    + "outside Liberty (on Liberty, jdbc/braid is configured in server.xml)");
        }
        return JdbcConnectionPool.create(url, System.getProperty("braid.db.user", "sa"),
                System.getProperty("braid.db.password", ""));
    }
}
