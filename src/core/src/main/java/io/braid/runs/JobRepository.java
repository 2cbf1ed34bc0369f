package io.braid.runs;

import io.braid.config.ConfigValues;
import io.braid.db.Database;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the batch runtime itself recorded of a job: on Liberty, the job XML of each job instance, kept in its job
 * repository ({@code JOBINSTANCE.JOBXML}, in Braid's own database: braid/braid.xml's {@code databaseStore}, schema
 * {@code braid.jobRepository.schema}, default {@code JBATCH}). This is the XML Liberty runs — a deployed job's file
 * or the text a caller submitted inline — so Braid can compare it with what it compiled. The embedded runtime runs
 * only job XML that Braid itself resolves ({@code CompiledJobResolver}), and has nothing to read here.
 */
@ApplicationScoped
public class JobRepository {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Inject
    Database database;

    /**
     * The job name of a job instance as the server's job repository has it: one indexed read, where the batch API
     * could only list every instance of every job. Empty if the server has no such instance; off a server, every job
     * name the runtime knows (nothing cheaper to ask there).
     */
    public List<String> jobNamesOf(long instanceId) {
        if (!database.onServer()) {
            return List.copyOf(BatchRuntime.getJobOperator().getJobNames());
        }
        String schema = schema();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT JOBNAME FROM " + schema + ".JOBINSTANCE WHERE JOBINSTANCEID = ?")) {
            s.setLong(1, instanceId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? List.of(r.getString(1)) : List.of();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read job instance " + instanceId + " from the job repository (schema "
                    + schema + "): " + e.getMessage(), e);
        }
    }

    /**
     * Which of these job instances the job repository still has (an instance purged through Liberty is gone): one
     * indexed read per 500 ids, where the batch API would take two reads per instance. Off a server, all of them.
     */
    public Set<Long> existing(Collection<Long> instanceIds) {
        if (!database.onServer() || instanceIds.isEmpty()) {
            return Set.copyOf(instanceIds);
        }
        String schema = schema();
        Set<Long> found = new HashSet<>();
        List<Long> ids = List.copyOf(instanceIds);
        try (Connection c = database.dataSource().getConnection()) {
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> part = ids.subList(from, Math.min(ids.size(), from + 500));
                try (PreparedStatement s = c.prepareStatement("SELECT JOBINSTANCEID FROM " + schema
                        + ".JOBINSTANCE WHERE JOBINSTANCEID IN (" + String.join(",", Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        s.setLong(i + 1, part.get(i));
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            found.add(r.getLong(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read job instances from the job repository (schema " + schema + "): "
                    + e.getMessage(), e);
        }
        return found;
    }

    private static String schema() {
        String schema = ConfigValues.current().text("braid.jobRepository.schema", "JBATCH");
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalStateException("braid.jobRepository.schema is not a schema name: " + schema);
        }
        return schema;
    }

    /**
     * The job XML the server runs for a job instance; empty off a server. On a server, a job whose XML cannot be read
     * is refused by the caller: this never answers "nothing to check" there.
     */
    public Optional<String> jobXml(long instanceId) {
        if (!database.onServer()) {
            return Optional.empty();
        }
        String schema = schema();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT JOBXML FROM " + schema + ".JOBINSTANCE WHERE JOBINSTANCEID = ?")) {
            s.setLong(1, instanceId);
            try (ResultSet r = s.executeQuery()) {
                byte[] xml = r.next() ? r.getBytes(1) : null;
                if (xml == null) {
                    throw new IllegalStateException("the job repository has no job XML for job instance " + instanceId);
                }
                return Optional.of(new String(xml, StandardCharsets.UTF_8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job XML of job instance " + instanceId
                    + " from the job repository (schema " + schema + "): " + e.getMessage(), e);
        }
    }
}
