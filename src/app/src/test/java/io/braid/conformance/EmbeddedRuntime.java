package io.braid.conformance;

import io.braid.runs.RootCause;
import io.braid.testkit.BraidTestKit;
import io.braid.views.JsonViews;
import jakarta.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The embedded runtime (JBeret SE) in the test JVM, with the conformance workflows deployed from src/test/workflows. */
final class EmbeddedRuntime implements BraidRuntime {
    private final BraidTestKit kit;

    EmbeddedRuntime(Path dataDir) throws Exception {
        kit = BraidTestKit.embedded(dataDir);
        try (Stream<Path> files = Files.list(Path.of("src/test/workflows"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("cf-")).toList()) {
                kit.deploy(f);
            }
        }
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public long start(String workflow, Map<String, String> params) {
        return kit.runtime().runs().start(workflow, params, null).runId();
    }

    @Override
    public JsonObject run(long runId) {
        return kit.runtime().runs().run(runId)
                .map(r -> JsonViews.run(r, RootCause.of(r, Optional.of(r.needs()), false))).orElse(null);
    }

    @Override
    public void stop(long runId) {
        kit.runtime().runs().stop(runId);
    }

    @Override
    public void restart(long runId, Map<String, String> params) {
        kit.runtime().runs().restart(runId, params);
    }

    @Override
    public void cancel(long runId, String task) {
        kit.runtime().runs().cancel(runId, task);
    }
}
