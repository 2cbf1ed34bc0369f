package io.braid.types;

import io.braid.testing.Postgres;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csv-import's COPY path on a real PostgreSQL: the values a chunk of INSERTs would write, in the chunk's transaction. */
@Tag("postgresql")
class PostgresCopyTest {

    private static List<CSVRecord> records(String csv) throws Exception {
        return CSVParser.parse(csv, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build())
                .getRecords();
    }

    @Test
    void aChunkIsCopiedWithTheValuesInsertsWouldWriteAndRollsBackWithItsTransaction() throws Exception {
        Postgres.assumeAvailable();
        DataSource ds = Postgres.freshDatabase("braid_copy_test");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40), note VARCHAR(40), amount DECIMAL(8,2))");
            assertTrue(PostgresCopy.available(c));
            List<CSVRecord> rows = records("id,name,note,amount,ignored\n"
                    + "1,\"Smith, \"\"Jr\"\"\",,10.50,x\n"
                    + "2,\"two\nlines\",plain,0,y\n");
            c.setAutoCommit(false);
            // fields in the mapping's order, the fifth field not imported
            assertEquals(2, PostgresCopy.copy(c, "t", List.of("id", "name", "note", "amount"), List.of("id", "name", "note", "amount"), rows));
            c.rollback();
            assertEquals(List.of(), rows(c), "rolled back with the transaction it ran in");
            PostgresCopy.copy(c, "t", List.of("id", "name", "note", "amount"), List.of("id", "name", "note", "amount"), rows);
            c.commit();
            // an empty field is an empty string, as a JDBC parameter "" would be, not NULL
            assertEquals(List.of("1|Smith, \"Jr\"||10.50", "2|two\nlines|plain|0.00"), rows(c));

            List<CSVRecord> bad = records("id,name,note,amount\nx,a,b,1\n");
            assertThrows(Exception.class, () -> PostgresCopy.copy(c, "t", List.of("id", "name", "note", "amount"),
                    List.of("id", "name", "note", "amount"), bad), "text in a number column fails the chunk");
            c.rollback();
        }
    }

    @Test
    void anotherDatabaseIsNotPostgresql() throws Exception {
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:copy")) {
            assertFalse(PostgresCopy.available(h2));
        }
    }

    private static List<String> rows(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name, note, amount FROM t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + (rs.getString(3) == null ? "NULL" : rs.getString(3)) + "|" + rs.getString(4));
            }
        }
        return out;
    }
}
