package io.braid.secrets;

import io.braid.job.JobSpec;
import io.braid.job.JsonText;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameters marked {@code secret: true}. Braid's API hands the batch runtime a sealed reference instead of the
 * value, so the value is in no job repository, run record or log: only in this server's memory, and only while its
 * run is in flight (it is dropped when the run's execution ends, so a restart must give it again, and memory holds
 * no more values than there are runs in flight). A reference opens only for the parameter it was
 * sealed for, in the run it was sealed for, so one seen in the job repository is worth nothing elsewhere. Wherever a
 * run's text is recorded or logged (errors, outputs, job log lines), the values of its secret parameters are
 * replaced by {@value #MASK}, also when the job was started another way with the plain value.
 */
@ApplicationScoped
public class Secrets {
    public static final String MASK = "******";
    private static final String SEALED = "braid-secret:";
    /** How long a reference waits to be bound to its run: the API binds it as soon as the job is submitted. */
    private static final long BIND_WAIT_MILLIS = 10_000;
    private static final long UNBOUND = -1;

    private final Map<String, Sealed> sealed = new ConcurrentHashMap<>();
    /** Runs whose execution ended recently: a value bound to one of them after its end is dropped at once. */
    private final Set<Long> ended = ConcurrentHashMap.newKeySet();
    private final Queue<Long> endedOrder = new ConcurrentLinkedQueue<>();
    private static final int ENDED_KEPT = 10_000;
    /** The masking pattern of values recently masked: compiled once, not for every record written; at most 1,000 kept. */
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** A value, the parameter it is for, and the run it was given to (once known). */
    private static final class Sealed {
        final String param;
        final String value;
        private long run = UNBOUND;

        Sealed(String param, String value) {
            this.param = param;
            this.value = value;
        }

        synchronized boolean boundTo(long runId) {
            return run == runId;
        }

        synchronized void bind(long runId) {
            if (run == UNBOUND) {
                run = runId;
                notifyAll();
            }
        }

        synchronized long run(long waitMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + waitMillis;
            while (run == UNBOUND && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            return run;
        }
    }

    /** A reference to pass as the job parameter {@code param} instead of the value; bind it to its run at once. */
    public String seal(String param, String value) {
        String ref = SEALED + UUID.randomUUID();
        sealed.put(ref, new Sealed(param, value));
        return ref;
    }

    /** The references among a job's parameters now belong to this run (called right after it is submitted). */
    public void bind(Properties jobParameters, long runId) {
        for (String name : jobParameters.stringPropertyNames()) {
            Sealed s = sealed.get(jobParameters.getProperty(name));
            if (s != null) {
                s.bind(runId);
            }
        }
        if (ended.contains(runId)) { // the execution ended before the API bound its values (it failed at once)
            release(runId);
        }
    }

    /**
     * Drops the values bound to a run whose execution has ended (whatever its status): what is held stays bounded by
     * the runs in flight. A restart gives the secret parameters again.
     */
    public void release(long runId) {
        if (ended.add(runId)) {
            endedOrder.add(runId);
            while (endedOrder.size() > ENDED_KEPT) {
                Long oldest = endedOrder.poll();
                if (oldest != null) {
                    ended.remove(oldest);
                }
            }
        }
        sealed.values().removeIf(s -> s.boundTo(runId));
    }

    /** A run's new execution (a restart) may bind values again. */
    public void reopen(long runId) {
        ended.remove(runId);
    }

    /** Forgets the sealed references among these parameters: their job was never submitted. */
    public void discard(Properties jobParameters) {
        jobParameters.stringPropertyNames().forEach(name -> sealed.remove(jobParameters.getProperty(name)));
    }

    /** How many values this server holds (bounded by the runs it accepted, not by the requests it refused). */
    public int held() {
        return sealed.size();
    }

    public static boolean isSealed(String raw) {
        return raw != null && raw.startsWith(SEALED);
    }

    /** Whether this server still holds the value of a sealed reference. */
    public boolean holds(String raw) {
        return sealed.containsKey(raw);
    }

    /**
     * The value of a parameter as the job sees it: a sealed reference opened, anything else as it is.
     *
     * @throws IllegalStateException when the reference was sealed by a server that has since stopped, or for
     *                               another parameter or another run
     */
    public String reveal(long runId, String param, String raw) {
        if (!isSealed(raw)) {
            return raw;
        }
        Sealed s = sealed.get(raw);
        if (s == null) {
            throw new IllegalStateException("params." + param + ": the secret is not known to this server any more (it "
                    + "keeps secrets in memory only while their run is in flight); restart the run giving '" + param + "' again");
        }
        if (!s.param.equals(param)) {
            throw new IllegalStateException("params." + param + ": this sealed secret was given for another parameter");
        }
        long run;
        try {
            run = s.run(BIND_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("params." + param + ": interrupted", e);
        }
        if (run != runId) {
            throw new IllegalStateException("params." + param + ": this sealed secret was given to another run");
        }
        return s.value;
    }

    /**
     * A value in any of the forms text about it takes: as it is, inside a JSON string (outputs, fan-out plans), inside
     * an SQL literal or a driver's message (H2 writes a tab as backslash-0009 and doubles quotes), in Java escapes.
     * Each character may stand as itself, backslash-escaped, doubled (a quote), as a named escape (backslash-t) or as a
     * hexadecimal escape (backslash-u0009, backslash-0009, backslash-x09). Compiled once per value.
     */
    Pattern pattern(String value) {
        if (patterns.size() > 1_000) {
            patterns.clear();
        }
        return patterns.computeIfAbsent(value, v -> {
            StringBuilder re = new StringBuilder();
            v.codePoints().forEach(cp -> {
                String c = Pattern.quote(new String(Character.toChars(cp)));
                re.append("(?:").append(c).append("|\\\\").append(c);
                if (!Character.isLetterOrDigit(cp)) {
                    re.append('|').append(c).append(c);
                }
                re.append("|\\\\(?i:(?:[ux]|0)?0*").append(Integer.toHexString(cp)).append(")(?![0-9a-fA-F])");
                String named = switch (cp) {
                    case '\t' -> "t";
                    case '\n' -> "n";
                    case '\r' -> "r";
                    case '\b' -> "b";
                    case '\f' -> "f";
                    default -> null;
                };
                if (named != null) {
                    re.append("|\\\\").append(named);
                }
                re.append(')');
            });
            return Pattern.compile(re.toString());
        });
    }

    /** The text with the values (and sealed references) of the job's secret parameters masked. */
    public String mask(Properties jobProperties, String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<String> names = JsonText.readList(jobProperties.getProperty(JobSpec.SECRET_PARAMS));
        if (names.isEmpty()) {
            return text;
        }
        List<String> values = new ArrayList<>();
        for (String name : names) {
            String raw = JobSpec.paramValue(jobProperties, name).orElse(null);
            if (raw == null || raw.isEmpty()) {
                continue;
            }
            values.add(raw);
            Optional.ofNullable(sealed.get(raw)).ifPresent(x -> values.add(x.value));
        }
        values.sort((a, b) -> b.length() - a.length()); // longest first: a value containing another is masked whole
        String masked = text;
        for (String v : values) {
            if (!v.isEmpty()) {
                masked = pattern(v).matcher(masked).replaceAll(Matcher.quoteReplacement(MASK));
            }
        }
        return masked;
    }
}
