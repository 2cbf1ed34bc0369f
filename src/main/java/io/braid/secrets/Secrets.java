package io.braid.secrets;

import io.braid.job.JobSpec;
import io.braid.job.JsonText;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parameters marked {@code secret: true}. Braid's API hands the batch runtime a sealed reference instead of the
 * value, so the value is in no job repository, run record or log: only in this server's memory for as long as
 * it runs (a restart after a server restart must give it again). Wherever a run's text is recorded or logged
 * (errors, outputs, job log lines), the values of its secret parameters are replaced by {@value #MASK}, also
 * when the job was started another way with the plain value.
 */
@ApplicationScoped
public class Secrets {
    public static final String MASK = "******";
    private static final String SEALED = "braid-secret:";

    private final Map<String, String> sealed = new ConcurrentHashMap<>();

    /** A reference to pass as the job parameter instead of the value. */
    public String seal(String value) {
        String ref = SEALED + UUID.randomUUID();
        sealed.put(ref, value);
        return ref;
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
     * @throws IllegalStateException when the reference was sealed by a server that has since stopped
     */
    public String reveal(String param, String raw) {
        if (!isSealed(raw)) {
            return raw;
        }
        String value = sealed.get(raw);
        if (value == null) {
            throw new IllegalStateException("params." + param + ": the secret is not known to this server any more (it "
                    + "keeps secrets only in memory); restart the run giving '" + param + "' again");
        }
        return value;
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
            Optional.ofNullable(sealed.get(raw)).ifPresent(values::add);
        }
        values.sort((a, b) -> b.length() - a.length()); // longest first: a value containing another is masked whole
        String masked = text;
        for (String v : values) {
            if (!v.isEmpty()) {
                masked = masked.replace(v, MASK);
            }
        }
        return masked;
    }
}
