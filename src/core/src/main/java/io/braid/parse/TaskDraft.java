package io.braid.parse;

import io.braid.model.FanOut;
import io.braid.model.LockRef;
import io.braid.model.Priority;
import io.braid.model.Retry;
import io.braid.model.Task;
import io.braid.model.Value;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A task as {@link TaskReader} read it, with the nodes the later checks report at. Becomes a {@link Task}. */
final class TaskDraft {
    final String at;
    final MappingNode node;
    String id;
    Node idNode;
    String type;
    Node typeNode;
    final List<String> needs = new ArrayList<>();
    final List<Node> needNodes = new ArrayList<>();
    final Map<String, SettingDraft> with = new LinkedHashMap<>();
    /** Where problems with {@code with:} as a whole are reported. */
    Node withAnchor;
    Optional<FanOut> fanOut = Optional.empty();
    /** The texts of {@code fanOut} ({@code items}, {@code range}, {@code from}, {@code parallel}). */
    final List<Text> fanOutTexts = new ArrayList<>();
    Priority priority = Priority.NORMAL;
    Optional<Duration> timeout = Optional.empty();
    Retry retry = Retry.NONE;
    Node retryNode;
    Optional<Duration> estimate = Optional.empty();
    Optional<String> group = Optional.empty();
    List<LockRef> locks = List.of();
    String description = "";

    TaskDraft(String at, MappingNode node) {
        this.at = at;
        this.node = node;
    }

    boolean complete() {
        return id != null && type != null;
    }

    Task build() {
        Map<String, Value> values = new LinkedHashMap<>();
        with.forEach((k, s) -> values.put(k, s.value()));
        return new Task(id, type, needs, values, priority, timeout, retry, estimate, group, locks, fanOut, description,
                Source.line(node));
    }
}
