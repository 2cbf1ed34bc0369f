package io.braid.api;

import io.braid.compile.BuildTimeCompiler;
import io.braid.compile.CompiledWorkflow;
import io.braid.compile.WorkflowCompiler;
import io.braid.parse.WorkflowException;
import io.braid.parse.WorkflowParser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workflows deployed with the application: the sources the build copied next to the compiled job XML,
 * compiled again in memory (the compiler is deterministic, so this is the same job XML as in the WAR).
 */
@ApplicationScoped
public class WorkflowCatalog {
    private Map<String, CompiledWorkflow> workflows;

    @PostConstruct
    void load() {
        ClassLoader cl = WorkflowCatalog.class.getClassLoader();
        Map<String, CompiledWorkflow> m = new TreeMap<>();
        String index = read(cl, BuildTimeCompiler.CATALOG + "/" + BuildTimeCompiler.INDEX);
        if (index != null) {
            WorkflowParser parser = new WorkflowParser();
            WorkflowCompiler compiler = new WorkflowCompiler();
            for (String name : index.split("\n")) {
                if (name.isBlank()) {
                    continue;
                }
                String yaml = read(cl, BuildTimeCompiler.CATALOG + "/" + name + ".yaml");
                try {
                    m.put(name, compiler.compile(parser.parse(name + ".yaml", yaml)));
                } catch (WorkflowException e) {
                    throw new IllegalStateException("deployed workflow " + name + " is invalid: " + e.getMessage(), e);
                }
            }
        }
        workflows = Collections.unmodifiableMap(m);
    }

    public Collection<CompiledWorkflow> all() {
        return workflows.values();
    }

    public Optional<CompiledWorkflow> find(String name) {
        return Optional.ofNullable(workflows.get(name));
    }

    private static String read(ClassLoader cl, String resource) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
