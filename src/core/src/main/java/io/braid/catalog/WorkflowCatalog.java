package io.braid.catalog;

import io.braid.compile.BuildTimeCompiler;
import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The workflows deployed with the application: every workflow source the build packaged
 * ({@code META-INF/braid/workflows/index} of the application and of each library jar beside it), compiled again in
 * memory (the compiler is deterministic, so this is the same job XML as the build wrote). On the embedded runner,
 * also the workflows it compiled into its jobs folder ({@code braid.jobs.dir}).
 *
 * <p>Only what the application's author deployed is here: nothing a caller sends (inline job XML, parameters) adds
 * to it. That is what makes it the reference {@link JobVerifier} checks running jobs against.
 */
@ApplicationScoped
public class WorkflowCatalog {
    /** The embedded runner's folder of compiled jobs and their sources (a system property set by the runner). */
    public static final String JOBS_DIR = "braid.jobs.dir";

    @Inject
    TaskTypeRegistry types;

    private Map<String, CompiledWorkflow> packaged;
    private final Map<String, Compiled> fromFolder = new ConcurrentHashMap<>();

    private record Compiled(FileTime modified, long size, CompiledWorkflow workflow) {
    }

    @PostConstruct
    void load() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : WorkflowCatalog.class.getClassLoader();
        packaged = Collections.unmodifiableMap(packaged(cl));
    }

    private Map<String, CompiledWorkflow> packaged(ClassLoader cl) {
        Map<String, CompiledWorkflow> m = new TreeMap<>();
        Map<String, URL> from = new TreeMap<>();
        try {
            Enumeration<URL> indexes = cl.getResources(BuildTimeCompiler.CATALOG + "/" + BuildTimeCompiler.INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                for (String name : read(index).split("\n")) {
                    if (name.isBlank()) {
                        continue;
                    }
                    URL source = new URL(index, name + ".yaml");
                    URL other = from.putIfAbsent(name, source);
                    if (other != null && !other.equals(source)) {
                        throw new IllegalStateException("two deployed workflows are named '" + name + "': " + other + " and " + source);
                    }
                    m.put(name, compile(name + ".yaml", read(source)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private CompiledWorkflow compile(String source, String yaml) {
        try {
            return new WorkflowCompiler(types.types()).compile(new WorkflowParser(types.types()).parse(source, yaml));
        } catch (WorkflowException e) {
            throw new IllegalStateException("deployed workflow " + source + " is invalid: " + e.getMessage(), e);
        }
    }

    public Collection<CompiledWorkflow> all() {
        Map<String, CompiledWorkflow> all = new TreeMap<>(packaged);
        folder().ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                        .forEach(n -> fromFolder(n.substring(0, n.length() - 5)).ifPresent(c -> all.putIfAbsent(c.workflow().name(), c)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return List.copyOf(all.values());
    }

    public Optional<CompiledWorkflow> find(String name) {
        CompiledWorkflow c = packaged.get(name);
        return c != null ? Optional.of(c) : fromFolder(name);
    }

    /** A workflow the embedded runner compiled into its folder, recompiled when its source changes. */
    private Optional<CompiledWorkflow> fromFolder(String name) {
        Optional<Path> dir = folder();
        if (dir.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")) {
            return Optional.empty();
        }
        Path source = dir.get().resolve(name + ".yaml");
        try {
            if (!Files.isRegularFile(source)) {
                return Optional.empty();
            }
            FileTime modified = Files.getLastModifiedTime(source);
            long size = Files.size(source);
            Compiled c = fromFolder.get(name);
            if (c == null || !c.modified().equals(modified) || c.size() != size) {
                c = new Compiled(modified, size, compile(name + ".yaml", Files.readString(source, StandardCharsets.UTF_8)));
                fromFolder.put(name, c);
            }
            return Optional.of(c.workflow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> folder() {
        String d = System.getProperty(JOBS_DIR);
        return d == null || d.isBlank() ? Optional.empty() : Optional.of(Path.of(d));
    }

    private static String read(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Names of the packaged workflows, for messages. */
    List<String> names() {
        return new ArrayList<>(packaged.keySet());
    }
}
