package io.braid.liberty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CSV files of numbered rows for the import tests that count every row once: ids first..first+n-1. */
final class IdCsv {
    private IdCsv() {
    }

    /** Writes {@code id,name} rows and returns the sum of their ids, to compare with the table's. */
    static long write(Path file, long first, int n) throws Exception {
        StringBuilder b = new StringBuilder("id,name\n");
        long sum = 0;
        for (long id = first; id < first + n; id++) {
            b.append(id).append(",row ").append(id).append('\n');
            sum += id;
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return sum;
    }
}
