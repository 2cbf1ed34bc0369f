package io.braid.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baselines. {@link #levels}: the shape as a Jakarta Batch user writes it by hand, one split per dependency
 * level, each level waiting for the slowest task of the level before; written as the same workflow with every
 * task needing every task of the level before, Braid compiles it into exactly that chain of splits, with the same
 * steps, listeners and cap, so the only difference measured is the shape. {@link #plainChain}: plain job XML.
 */
final class NaiveJobXml {
    private NaiveJobXml() {
    }

    /** The shape with level barriers, as workflow YAML named {@code name}. */
    static String levels(String name, Shapes.Shape shape) {
        Map<String, Integer> level = new HashMap<>();
        List<List<Shapes.Node>> levels = new ArrayList<>();
        for (Shapes.Node n : shape.nodes()) {
            int l = n.needs().stream().mapToInt(level::get).max().orElse(-1) + 1;
            level.put(n.id(), l);
            while (levels.size() <= l) {
                levels.add(new ArrayList<>());
            }
            levels.get(l).add(n);
        }
        List<Shapes.Node> barriered = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            List<String> before = l == 0 ? List.of() : levels.get(l - 1).stream().map(Shapes.Node::id).toList();
            for (Shapes.Node n : levels.get(l)) {
                barriered.add(new Shapes.Node(n.id(), n.millis(), before));
            }
        }
        return new Shapes.Shape(shape.name(), shape.maxParallel(), barriered).yaml().replaceFirst("name: \\S+", "name: " + name);
    }

    /** Plain JBeret steps in a row: no Braid listener or gate, a no-op batchlet of the tests. */
    static String plainChain(String jobName, int steps) {
        return plainChain(jobName, steps, NoopBatchlet.NAME);
    }

    /** The same with another batchlet (on Liberty: one of the application's). */
    static String plainChain(String jobName, int steps, String batchletRef) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<job xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\" id=\"").append(jobName).append("\">\n");
        for (int i = 0; i < steps; i++) {
            b.append("<step id=\"s").append(i).append("\"").append(i + 1 < steps ? " next=\"s" + (i + 1) + "\"" : "")
                    .append("><batchlet ref=\"").append(batchletRef).append("\"/></step>\n");
        }
        return b.append("</job>\n").toString();
    }
}
