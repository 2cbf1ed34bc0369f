package io.braid.parse;

import org.snakeyaml.engine.v2.nodes.Node;

/** A text value of the workflow with where it was written, so checks of its {@code ${…}} can point at it. */
record Text(String value, Node node, String field) {
}
