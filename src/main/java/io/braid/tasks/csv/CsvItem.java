package io.braid.tasks.csv;

import java.io.Serializable;
import java.util.Map;

/**
 * One CSV record on its way to the writer.
 *
 * @param record 1-based index among the data records (the checkpoint counts these)
 * @param line   line of the file where it was read, for messages
 */
public record CsvItem(long record, long line, Map<String, String> values) implements Serializable {
}
