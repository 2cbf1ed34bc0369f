package io.braid.bench;

import io.braid.compile.JobProperties;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: the job XML a Jakarta Batch user writes by hand for a DAG — one split per dependency level,
 * each level waiting for the slowest task of the level before. Same steps, listeners and cap as Braid's, so
 * the only difference measured is the shape.
 */
final class NaiveJobXml {
    private NaiveJobXml() {
    }

    /** @param ranks the {@code braid.ranks} value of Braid's own job for the shape, so both share slot order */
    static String of(String jobName, Shapes.Shape shape, String ranks) {
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
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<job xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\" id=\"").append(jobName).append("\">\n");
        b.append("<properties>\n");
        prop(b, JobProperties.WORKFLOW, jobName);
        prop(b, JobProperties.MAX_PARALLEL, Integer.toString(shape.maxParallel()));
        prop(b, JobProperties.DAG, JobProperties.encodeDag(shape.nodes().stream().map(Shapes.Node::id).toList(),
                shape.nodes().stream().map(Shapes.Node::needs).toList()));
        prop(b, JobProperties.RANKS, ranks);
        b.append("</properties>\n<listeners><listener ref=\"").append(JobProperties.RUN_LISTENER).append("\"/></listeners>\n");
        for (int l = 0; l < levels.size(); l++) {
            String next = l + 1 < levels.size() ? " next=\"level" + (l + 1) + "\"" : "";
            b.append("<split id=\"level").append(l).append("\"").append(next).append(">\n");
            for (Shapes.Node n : levels.get(l)) {
                b.append("<flow id=\"f-").append(n.id()).append("\">");
                b.append("<step id=\"").append(n.id()).append("\"><listeners><listener ref=\"").append(JobProperties.TASK_LISTENER)
                        .append("\"/></listeners><batchlet ref=\"braidWait\"><properties>");
                prop(b, "duration", n.millis() + "ms");
                b.append("</properties></batchlet></step></flow>\n");
            }
            b.append("</split>\n");
        }
        return b.append("</job>\n").toString();
    }

    /** 1,000 plain JBeret steps in a row: no Braid listener or gate, a no-op batchlet. */
    static String plainChain(String jobName, int steps) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<job xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\" id=\"").append(jobName).append("\">\n");
        for (int i = 0; i < steps; i++) {
            b.append("<step id=\"s").append(i).append("\"").append(i + 1 < steps ? " next=\"s" + (i + 1) + "\"" : "")
                    .append("><batchlet ref=\"").append(JobProperties.MARK).append("\"/></step>\n");
        }
        return b.append("</job>\n").toString();
    }

    private static void prop(StringBuilder b, String name, String value) {
        b.append("<property name=\"").append(name).append("\" value=\"").append(value).append("\"/>");
    }
}
