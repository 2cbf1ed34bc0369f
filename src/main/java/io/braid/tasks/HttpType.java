package io.braid.tasks;

import io.braid.model.Durations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: http} — one HTTP request with the Jakarta REST client. The answer must have an expected status
 * ({@code expect}, default 2xx); outputs are {@code status} and values picked from a JSON answer by JSON Pointer
 * ({@code outputs: {count: /data/count}}; an empty pointer takes the whole body).
 */
public final class HttpType implements TaskType {
    /** CDI name of the runtime artifact, {@link HttpBatchlet}. */
    public static final String ARTIFACT = "braidHttp";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    static final Pattern EXPECT = Pattern.compile("[1-5](\\d\\d|xx)");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Set<String> knownSettings() {
        return Set.of("url", "method", "headers", "body", "contentType", "expect", "outputs", "readTimeout");
    }

    @Override
    public Set<String> listSettings() {
        return Set.of("expect");
    }

    @Override
    public Set<String> mapSettings() {
        return Set.of("headers", "outputs");
    }

    @Override
    public boolean resolvesExpressions() {
        return true;
    }

    @Override
    public void validate(Map<String, String> with, Map<String, String> known, SettingIssues issues) {
        String url = with.get("url");
        if (url == null || url.isBlank()) {
            issues.report("url", "required for type 'http'");
        } else if (known.containsKey("url") && !known.get("url").matches("https?://.+")) {
            issues.report("url", "'" + known.get("url") + "' is not an http:// or https:// URL");
        }
        String method = known.get("method");
        if (method != null && !METHODS.contains(method)) {
            issues.report("method", "'" + method + "' is not one of " + new java.util.TreeSet<>(METHODS));
        }
        if (known.containsKey("expect")) {
            for (String e : Expressions.decodeSimpleList(known.get("expect"))) {
                if (!EXPECT.matcher(e).matches()) {
                    issues.report("expect", "'" + e + "' is not a status code or class such as 200 or 2xx");
                }
            }
        } else if (with.containsKey("expect") && !with.get("expect").startsWith("[")) {
            issues.report("expect", "must be a list, e.g. expect: [200, 404]");
        }
        if (with.containsKey("outputs")) {
            if (!with.get("outputs").startsWith("{")) {
                issues.report("outputs", "must be a mapping of output name to JSON Pointer, e.g. outputs: { count: /data/count }");
            }
        }
        if (known.containsKey("readTimeout") && Durations.parse(known.get("readTimeout")).isEmpty()) {
            issues.report("readTimeout", "'" + known.get("readTimeout") + "' is not a duration");
        }
    }

    @Override
    public Retrying retrying() {
        return Retrying.IN_STEP;
    }

    @Override
    public StepBody body(Map<String, String> with) {
        return new StepBody.Batchlet(ARTIFACT, new LinkedHashMap<>(with));
    }
}
