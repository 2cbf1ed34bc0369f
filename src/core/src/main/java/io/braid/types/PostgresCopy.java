package io.braid.types;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * A csv-import chunk on PostgreSQL through {@code COPY … FROM STDIN}, the database's own bulk path (several times
 * the rows per second of batched INSERTs, docs/benchmarks.md (i)). It runs on the chunk's connection, inside the
 * chunk's transaction, so the rows still commit with the task's position and a restart still loads each row once.
 *
 * <p>Loaded only for a PostgreSQL connection: the driver is a server library (the application sees it through its
 * class loader's {@code commonLibraryRef}), absent where Braid runs on H2.
 */
final class PostgresCopy {
    /** Every value quoted: an empty field is an empty string, as a JDBC parameter "" is, never NULL. */
    private static final CSVFormat QUOTED = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).setRecordSeparator("\n").build();

    private PostgresCopy() {
    }

    /** Whether the connection is PostgreSQL's and its copy API is reachable from here. */
    static boolean available(Connection c) {
        try {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) && c.isWrapperFor(PGConnection.class);
        } catch (SQLException | LinkageError e) {
            return false; // another database, or the driver's classes not visible to the application: INSERTs
        }
    }

    /** Copies the fields (in order) of the records into the columns; returns the rows written. */
    static long copy(Connection c, String table, Collection<String> columns, Collection<String> fields, List<CSVRecord> rows)
            throws SQLException, IOException {
        StringBuilder text = new StringBuilder(rows.size() * 64);
        try (CSVPrinter out = new CSVPrinter(text, QUOTED)) {
            for (CSVRecord r : rows) {
                for (String field : fields) {
                    out.print(r.get(field));
                }
                out.println();
            }
        }
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(text.toString()));
    }
}
