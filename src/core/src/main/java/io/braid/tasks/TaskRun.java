package io.braid.tasks;

import io.braid.db.Database;
import io.braid.job.JsonText;
import io.braid.job.StepSpec;
import io.braid.model.Durations;
import io.braid.runs.ProgressStore;
import io.braid.spi.Resume;
import io.braid.spi.Setting;
import io.braid.spi.Settings;
import io.braid.spi.TaskContext;
import io.braid.spi.TaskType;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.UserTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import static io.braid.json.JsonP.JSON;

/** The {@link TaskContext} of one running task or fan-out partition. */
final class TaskRun implements TaskContext {
    /** Prefix of a file read from the application's class path. */
    static final String CLASSPATH = "classpath:";

    private final RunningTask task;
    private final Map<String, Setting> declared = new LinkedHashMap<>();
    private final Map<String, String> raw;
    private final Database database;
    private final ProgressStore progress;
    private final RunPolicies policies;
    private final Settings settings = new Resolved();

    TaskRun(RunningTask task, TaskType type, Database database, ProgressStore progress, RunPolicies policies) {
        this.task = task;
        type.settings().forEach(s -> declared.put(s.name(), s));
        this.raw = StepSpec.rawSettings(task.stepProperties());
        this.database = database;
        this.progress = progress;
        this.policies = policies;
    }

    @Override
    public long runId() {
        return task.runId();
    }

    @Override
    public String workflow() {
        return task.workflow();
    }

    @Override
    public String task() {
        return task.task();
    }

    @Override
    public String idempotencyKey() {
        return task.idempotencyKey();
    }

    @Override
    public int partition() {
        return task.partition();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public DataSource dataSource(String jndiName) throws NamingException {
        if (jndiName == null || jndiName.isBlank()) {
            return database.taskDataSource();
        }
        try {
            return (DataSource) new InitialContext().lookup(jndiName);
        } catch (NamingException e) {
            throw new IllegalStateException("tasks[" + task() + "].with.datasource: no data source '" + jndiName
                    + "' here (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public InputStream open(String setting) throws IOException {
        String where = settings.text(setting);
        String field = "tasks[" + task() + "].with." + setting;
        if (where == null) {
            throw new IllegalArgumentException(field + ": not set");
        }
        if (where.startsWith(CLASSPATH)) { // a file shipped in the application (samples)
            String written = raw.get(setting);
            if (written == null || !written.startsWith(CLASSPATH)) {
                // a parameter or an output must not turn a file setting into any resource of the application or
                // of an extension jar, outside braid.files.roots
                throw new IllegalArgumentException(field + ": classpath: files are named in the workflow itself, not "
                        + "through ${…}; a value from a parameter or an output must be a file under braid.files.roots");
            }
            String resource = where.substring(CLASSPATH.length());
            InputStream in = resource.contains("..") ? null
                    : Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(where, null, field + ": not in the application");
            }
            return in;
        }
        Path path = policies.file(field, where);
        if (!Files.isReadable(path)) {
            throw new NoSuchFileException(path.toString(), null, field + ": cannot read the file");
        }
        return Files.newInputStream(path);
    }

    @Override
    public URI url(String setting) {
        String field = "tasks[" + task() + "].with." + setting;
        String text = settings.text(setting);
        if (text == null) {
            throw new IllegalArgumentException(field + ": not set");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a URL: " + e.getReason(), e);
        }
        policies.outbound(field, raw.get(setting), uri);
        return uri;
    }

    @Override
    public long maxResponseBytes() {
        return policies.maxResponseBytes();
    }

    @Override
    public <T> T inGlobalTransaction(Callable<T> work) throws Exception {
        UserTransaction tx;
        try {
            tx = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
        } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
            return work.call(); // no transaction manager (the embedded runner)
        }
        tx.begin();
        try {
            T result = work.call();
            tx.commit();
            return result;
        } catch (Exception | Error e) {
            try {
                tx.rollback();
            } catch (Exception rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    @Override
    public Resume resume() {
        return progress.of(runId(), task(), partition());
    }

    @Override
    public void progress(Map<String, ?> figures) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        Outputs.json(figures).forEach(b::add);
        task.progress(b.build().toString());
    }

    @Override
    public boolean cancelled() {
        return task.cancelled() || task.stopRequested();
    }

    @Override
    public String mask(String text) {
        return task.masked(text);
    }

    /** The settings, each resolved when first read. */
    private final class Resolved implements Settings {
        private final Map<String, Object> cache = new LinkedHashMap<>();

        private String field(String name) {
            return "tasks[" + task() + "].with." + name;
        }

        private Object get(String name) {
            return cache.computeIfAbsent(name, n -> {
                String text = raw.get(n);
                if (text == null) {
                    return Optional.empty();
                }
                Setting.Kind kind = declared.containsKey(n) ? declared.get(n).kind() : Setting.Kind.TEXT;
                if (kind == Setting.Kind.LIST) {
                    List<String> items = JsonText.readList(text);
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        out.add(task.resolve(field(n) + "[" + i + "]", items.get(i)));
                    }
                    return List.copyOf(out);
                }
                if (kind == Setting.Kind.MAP) {
                    Map<String, String> out = new LinkedHashMap<>();
                    JsonText.readMap(text).forEach((k, v) -> out.put(k, task.resolve(field(n) + "." + k, v)));
                    return Collections.unmodifiableMap(out);
                }
                return Optional.of(task.resolve(field(n), text));
            });
        }

        @Override
        public boolean has(String name) {
            return raw.containsKey(name);
        }

        @Override
        public String text(String name) {
            Object v = get(name);
            return v instanceof Optional<?> o ? (String) o.orElse(null) : String.valueOf(v);
        }

        @Override
        public long number(String name, long otherwise) {
            String v = text(name);
            if (v == null) {
                return otherwise;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field(name) + ": '" + v + "' is not a whole number", e);
            }
        }

        @Override
        public Duration duration(String name, Duration otherwise) {
            String v = text(name);
            return v == null ? otherwise : Durations.parse(v).orElseThrow(() -> new IllegalArgumentException(
                    field(name) + ": '" + v + "' is not a duration (use e.g. 250ms, 2s, 1m30s, 1h)"));
        }

        @Override
        public boolean flag(String name, boolean otherwise) {
            String v = text(name);
            if (v == null) {
                return otherwise;
            }
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(field(name) + ": '" + v + "' is not true or false");
            }
            return Boolean.parseBoolean(v);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> list(String name) {
            Object v = get(name);
            return v instanceof List<?> l ? (List<String>) l : v instanceof Optional<?> o && o.isPresent() ? List.of((String) o.get()) : List.of();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, String> map(String name) {
            Object v = get(name);
            return v instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
        }
    }
}
