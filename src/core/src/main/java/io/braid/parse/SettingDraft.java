package io.braid.parse;

import io.braid.model.Value;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.List;

/** One {@code with:} setting as read: its value and every text in it, located. */
record SettingDraft(String key, Node keyNode, Value value, List<Text> texts) {
    SettingDraft {
        texts = List.copyOf(texts);
    }
}
