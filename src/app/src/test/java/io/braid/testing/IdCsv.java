package io.braid.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CSV files of numbered rows for the import tests that count every row once: ids first..first+n-1. */
public final class IdCsv {
    private IdCsv() {
    }

    /** Writes {@code id,name} rows and returns the sum of their ids, to compare with the table's. */
    public static long write(Path file, long first, int n) throws Exception {
        StringBuilder b = new StringBuilder("id,name\n");
        long sum = 0;
        for (long id = first; id < first + n; id++) {
            b.append(id).append(",row ").append(id).append('\n');
            sum += id;
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return sum;
    }

    /**
     * The outputs of a count task ({@code SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, SUM(id) AS s}) show every row of
     * the files exactly once: as many rows as written, no id twice, and the files' ids and no others.
     */
    public static void assertEveryRowOnce(long rows, long sum, long n, long distinct, long idSum, Object context) {
        assertEquals(rows, n, "every row: " + context);
        assertEquals(rows, distinct, "no row twice: " + context);
        assertEquals(sum, idSum, "exactly the files' rows: " + context);
    }
}
