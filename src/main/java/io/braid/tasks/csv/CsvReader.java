package io.braid.tasks.csv;

import io.braid.tasks.TaskValues;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a CSV file with a header line. The checkpoint is the number of data records consumed; on restart it
 * continues after the larger of the checkpoint and the writer's committed progress.
 */
@Named(CsvImportType.READER)
@Dependent
public class CsvReader extends AbstractItemReader {
    /** Prefix of a file read from the application's class path. */
    public static final String CLASSPATH = "classpath:";
    @Inject
    @BatchProperty
    String file;
    @Inject
    @BatchProperty
    String delimiter;
    @Inject
    TaskValues values;
    @Inject
    ChunkProgress progress;
    @Inject
    JobContext jobContext;

    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private List<String> header;
    private long consumed;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        long fromCheckpoint = checkpoint == null ? 0 : (Long) checkpoint;
        long committed = progress.totals(jobContext.getInstanceId(), values.task()).recordsDone();
        long skip = Math.max(fromCheckpoint, committed);
        String where = values.resolve("file", file);
        java.io.Reader in;
        if (where.startsWith(CLASSPATH)) { // a file shipped in the application (samples)
            java.io.InputStream stream = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(where.substring(CLASSPATH.length()));
            if (stream == null) {
                throw new NoSuchFileException(where, null, "tasks[" + values.task() + "].with.file: not in the application");
            }
            in = new java.io.InputStreamReader(stream, StandardCharsets.UTF_8);
        } else {
            Path path = Path.of(where);
            if (!Files.isReadable(path)) {
                throw new NoSuchFileException(path.toAbsolutePath().toString(), null,
                        "tasks[" + values.task() + "].with.file: cannot read the CSV file");
            }
            in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter == null || delimiter.isEmpty() ? ',' : values.resolve("delimiter", delimiter).charAt(0))
                .setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        parser = CSVParser.parse(in, format);
        header = parser.getHeaderNames();
        records = parser.iterator();
        while (consumed < skip && records.hasNext()) {
            records.next();
            consumed++;
        }
    }

    @Override
    public Object readItem() throws BadLineException {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord r = records.next();
        consumed++;
        long line = consumed + 1; // the header is line 1; records with embedded newlines shift this
        if (r.size() != header.size()) {
            throw new BadLineException(line, "expected " + header.size() + " fields, found " + r.size());
        }
        return new CsvItem(consumed, line, r.toMap());
    }

    @Override
    public Serializable checkpointInfo() {
        return consumed;
    }

    @Override
    public void close() throws Exception {
        if (parser != null) {
            parser.close();
        }
    }
}
