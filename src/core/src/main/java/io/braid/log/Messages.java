package io.braid.log;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every message Braid logs, with its number: {@code BRAID<nnnn><I|W|E>} (information, warning, error), as Liberty's
 * {@code CWWK…} and JBeret's {@code JBERET…} messages. The number never changes meaning; docs/operations.md lists them.
 */
public enum Messages {
    TASK_STARTED("BRAID0001I", Level.INFO, "Braid run {0} task {1}: started"),
    TASK_ENDED("BRAID0002I", Level.INFO, "Braid run {0} task {1}: {2}{3}"),
    TASK_FAILED("BRAID0003W", Level.WARNING, "Braid run {0} task {1}: FAILED{2}{3}{4}"),
    TASK_RETRYING("BRAID0004W", Level.WARNING, "Braid run {0} task {1}{2}: try {3} failed, trying again: {4}"),
    RUN_REFUSED("BRAID0005E", Level.SEVERE, "Braid refused run {0} (job execution {1}): {2}"),
    RUNS_RECONCILED("BRAID0006W", Level.WARNING,
            "Braid: runs {0} were in flight when their {1} stopped; recorded FAILED, restart them to continue"),
    STOPPING_RUNS("BRAID0007I", Level.INFO, "Braid: the application is stopping; stopping runs {0} (at most {1})"),
    RUN_NOT_STOPPED("BRAID0008W", Level.WARNING,
            "Braid: run {0} did not stop within {1}; recorded STOPPED, restart it when the server is back"),
    TASK_USER_NOT_CREATED("BRAID0009W", Level.WARNING,
            "Braid could not create the task database user {0} ({1}): create it as described in docs/security.md"),
    HEARTBEAT_FAILED("BRAID0010W", Level.WARNING, "Braid: the lease heartbeat failed: {0}"),
    RECORD_WRITE_FAILED("BRAID0011W", Level.WARNING, "Braid: a run record could not be written: {0}"),
    METRICS_NOT_REGISTERED("BRAID0012W", Level.WARNING, "Braid: metrics not registered: {0}"),
    API_FAILED("BRAID0013W", Level.WARNING, "Braid: an API request failed: {0}"),
    GATE_WAITING_LONG("BRAID0014W", Level.WARNING,
            "Braid run {0} task {1}: has waited {2} for {3}, which have not started; if the batch runtime''s thread pool "
                    + "is bounded (an executor maxThreads), those tasks may be waiting for a thread this one holds: "
                    + "remove the bound or raise it (docs/operations.md, Threads)"),
    LEDGER_FAILED("BRAID0015W", Level.WARNING, "Braid: the resource ledger''s database failed {0}"),
    CLUSTER_REQUEST("BRAID0016I", Level.INFO, "Braid run {1}: {0} asked through another server of the cluster"),
    MESSAGING_EXPOSED("BRAID0017E", Level.SEVERE, "Braid does not start: {0}");

    private final String id;
    private final Level level;
    private final String pattern;

    Messages(String id, Level level, String pattern) {
        this.id = id;
        this.level = level;
        this.pattern = pattern;
    }

    public String id() {
        return id;
    }

    public Level level() {
        return level;
    }

    /** The message with its number, e.g. {@code BRAID0001I: Braid run 4 task load: started}. */
    public String format(Object... args) {
        Object[] text = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = oneLine(String.valueOf(args[i])); // as written: no digit grouping of ids
        }
        return id + ": " + new MessageFormat(pattern, Locale.ROOT).format(text);
    }

    /**
     * A value on one line: a job id, a parameter or an error message may come from whoever submitted the job, and a
     * line break in it would start a log line of their making. Control characters are written as {@code \\uXXXX}.
     */
    static String oneLine(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    public void log(Logger logger, Object... args) {
        if (logger.isLoggable(level)) {
            logger.log(level, format(args));
        }
    }

    /**
     * With the exception's stack, for failures no one expected. Given no other arguments, the exception itself is
     * {@code {0}}, so the message line says what failed even where the stack is not shown.
     */
    public void log(Logger logger, Throwable thrown, Object... args) {
        if (logger.isLoggable(level)) {
            logger.log(level, format(args.length == 0 ? new Object[] {thrown} : args), thrown);
        }
    }

    /** How many arguments the message takes ({@code {0}} … {@code {n-1}}). */
    public int arguments() {
        return new MessageFormat(pattern, Locale.ROOT).getFormats().length;
    }

    /** Formats only if the level is logged (for messages on every task's path). */
    public void log(Logger logger, Supplier<Object[]> args) {
        if (logger.isLoggable(level)) {
            logger.log(level, format(args.get()));
        }
    }
}
