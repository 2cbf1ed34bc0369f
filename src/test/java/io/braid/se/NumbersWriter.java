package io.braid.se;

import io.braid.runs.Database;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/** Test application writer for {@code type: chunk}: inserts each item into {@code table} (column N). */
@Named("numbersWriter")
@Dependent
public class NumbersWriter extends AbstractItemWriter {
    @Inject
    @BatchProperty
    String table;
    @Inject
    Database database;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        try (Connection c = database.taskDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (N) VALUES (?)")) {
            for (Object o : items) {
                ps.setLong(1, (Long) o);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
