package io.braid.report;

import io.braid.views.JsonViews;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.braid.json.JsonP.JSON;

/**
 * A run as one self-contained HTML file (graph, Gantt chart, task table, summary figures) to mail or archive:
 * the dashboard's own run view scripts and libraries inlined with the run's JSON, so it opens from a file with
 * no server and no network. The server ({@code GET /api/runs/{id}/report}) and the embedded runner
 * ({@code braid report}) both write it with this class.
 */
public final class RunReport {
    /** Libraries, then the dashboard's scripts, in load order (each is a class path resource). */
    static final List<String> SCRIPTS = List.of(
            "META-INF/resources/webjars/cytoscape/3.33.1/dist/cytoscape.min.js",
            "META-INF/resources/webjars/dagre/0.8.4/dist/dagre.min.js",
            "META-INF/resources/webjars/echarts/5.5.0/echarts.min.js",
            "META-INF/resources/braid/ui/graph.js",
            "META-INF/resources/braid/ui/gantt.js",
            "META-INF/resources/braid/ui/run-view.js",
            "META-INF/resources/braid/ui/report.js");
    static final String STYLE = "META-INF/resources/braid/ui/braid.css";

    private RunReport() {
    }

    /**
     * @param run      the run as {@code GET /api/runs/{id}} shows it
     * @param workflow the workflow as {@code GET /api/workflows/{name}} shows it, or null: the report draws the
     *                 run's own {@code graph} if it has one, else the workflow's
     */
    public static String html(JsonObject run, JsonObject workflow, Instant generated) {
        StringBuilder html = new StringBuilder(2_500_000);
        String title = "Braid run " + run.getJsonNumber("id") + " · " + run.getString("workflow") + " · " + run.getString("status");
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escapeHtml(title)).append("</title>\n<style>\n")
                .append(resource(STYLE)).append("\n</style>\n</head>\n<body class=\"report\">\n<script>\nwindow.BRAID_REPORT = ")
                .append(jsonSafe(JSON.createObjectBuilder().add("run", run)
                        .add("workflow", workflow == null ? JsonValue.NULL : workflow)
                        .add("generated", JsonViews.time(generated)).build().toString()))
                .append(";\n</script>\n");
        for (String script : SCRIPTS) {
            html.append("<script>\n").append(inlineSafe(resource(script))).append("\n</script>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /** Keeps JSON from ending its {@code <script>} element: "<\/" is "</" in JSON strings. */
    static String jsonSafe(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\u0021--");
    }

    /** Keeps a script from ending its element early; the libraries contain neither text outside strings. */
    static String inlineSafe(String js) {
        return js.replaceAll("(?i)</(script)", "<\\\\/$1").replace("<!--", "<\\!--");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String path) {
        try (InputStream in = RunReport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
