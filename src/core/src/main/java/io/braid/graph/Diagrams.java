package io.braid.graph;

import io.braid.model.Task;
import io.braid.model.Workflow;

import java.util.Locale;

/** A workflow's dependency graph as text a diagram tool draws: Mermaid or Graphviz DOT (the CLI's and the build plugin's {@code graph}). */
public final class Diagrams {
    /** The formats {@link #render} knows. */
    public enum Format {
        MERMAID, DOT;

        /** {@code mermaid} or {@code dot}, in any case. */
        public static Format of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be mermaid or dot, not '" + name + "'", e);
            }
        }

        /** The usual file extension. */
        public String extension() {
            return this == MERMAID ? "mmd" : "dot";
        }
    }

    private Diagrams() {
    }

    public static String render(Workflow wf, Format format) {
        StringBuilder out = new StringBuilder();
        if (format == Format.MERMAID) {
            out.append("flowchart LR\n");
            for (Task t : wf.tasks()) {
                out.append("    ").append(node(t.id())).append("[\"").append(t.id()).append("<br/>").append(t.type()).append("\"]\n");
            }
            for (Task t : wf.tasks()) {
                t.needs().forEach(n -> out.append("    ").append(node(n)).append(" --> ").append(node(t.id())).append('\n'));
            }
        } else {
            out.append("digraph \"").append(wf.name()).append("\" {\n");
            out.append("    rankdir=LR;\n");
            for (Task t : wf.tasks()) {
                out.append("    \"").append(t.id()).append("\" [label=\"").append(t.id()).append("\\n").append(t.type()).append("\"];\n");
            }
            for (Task t : wf.tasks()) {
                t.needs().forEach(n -> out.append("    \"").append(n).append("\" -> \"").append(t.id()).append("\";\n"));
            }
            out.append("}\n");
        }
        return out.toString();
    }

    /** Mermaid node ids may not contain '-'. */
    private static String node(String id) {
        return "t_" + id.replace('-', '_');
    }
}
