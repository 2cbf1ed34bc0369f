package io.braid.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * What a running task gets from Braid. Everything that reaches outside (databases, files, URLs) goes through the
 * policies the server's operator set, the same for built-in and your own types.
 */
public interface TaskContext {

    long runId();

    String workflow();

    String task();

    /** The fan-out partition (0-based), or -1 for a task without fan-out. */
    int partition();

    Settings settings();

    /**
     * A data source for the task's SQL: without a name (null or blank), Braid's task database, where workflow SQL
     * runs as a user without administrator rights; otherwise the JNDI name written in the workflow.
     */
    DataSource dataSource(String jndiName) throws Exception;

    /**
     * Opens the file a setting names: {@code classpath:<path>} (a resource of the application) or a path under
     * one of the server's allowed file roots ({@code braid.files.roots}); anything else is refused.
     */
    InputStream open(String setting) throws IOException;

    /**
     * The URL a setting names, checked against the outbound policy: allowed if its scheme and host are written
     * literally in the deployed workflow, or if the host is on {@code braid.http.allowedHosts}.
     */
    URI url(String setting);

    /** The largest answer a task may read from a remote service ({@code braid.http.maxResponseBytes}). */
    long maxResponseBytes();

    /**
     * Runs work in one global transaction where the server has a transaction manager (Liberty: connections of
     * XA data sources taken inside it commit or roll back together); elsewhere (the embedded runner) it just runs
     * it, and each connection commits on its own.
     */
    <T> T inGlobalTransaction(Callable<T> work) throws Exception;

    /** Durable progress for types that work in pieces. */
    Resume resume();

    /** How far the task has come, shown in the API and dashboard (a small JSON-able map). Also a heartbeat. */
    void progress(Map<String, ?> figures);

    /** Whether the task was asked to stop (cancel, timeout, stop of the run). */
    boolean cancelled();

    /** The text with this run's secret parameter values masked, for messages that may be shown or logged. */
    String mask(String text);

    /**
     * A key for the effects of this task (or fan-out partition) in this run: the same for every attempt and every
     * restart of it, different for any other task, partition or run, also of another server's database. A type whose
     * effects a remote service applies sends it (the {@code http} type as the {@code Idempotency-Key} header), so a
     * service that honours it applies them once however often Braid tries.
     */
    String idempotencyKey();
}
