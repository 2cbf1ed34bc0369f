package io.braid.tasks;

import io.braid.model.Template;
import jakarta.annotation.PostConstruct;
import io.braid.config.ConfigValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a running task may reach outside, set by the server's operator (MicroProfile Config), the same for every
 * task type:
 * <ul>
 *   <li>{@code braid.http.allowedHosts}: hosts ({@code host}, {@code host:port} or {@code *.domain}) a URL may name
 *   when its host is not written literally in the deployed workflow (e.g. it comes from a parameter);</li>
 *   <li>{@code braid.http.maxResponseBytes}: the largest answer read from a remote service (default 4 MiB);</li>
 *   <li>{@code braid.files.roots}: folders files may be read from (besides {@code classpath:}); symbolic links and
 *   {@code ..} that lead outside are refused.</li>
 * </ul>
 */
@ApplicationScoped
public class RunPolicies {
    public static final String ALLOWED_HOSTS = "braid.http.allowedHosts";
    public static final String MAX_RESPONSE_BYTES = "braid.http.maxResponseBytes";
    public static final String FILE_ROOTS = "braid.files.roots";
    static final long DEFAULT_MAX_RESPONSE_BYTES = 4L * 1024 * 1024;

    private List<String> allowedHosts;
    private long maxResponseBytes;
    private List<Path> roots;

    @PostConstruct
    void init() {
        ConfigValues config = ConfigValues.current();
        allowedHosts = config.list(ALLOWED_HOSTS).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        maxResponseBytes = config.number(MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES, 1, Integer.MAX_VALUE - 8);
        roots = config.list(FILE_ROOTS).stream().map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
    }

    /** Created when the application starts, so that a bad setting stops it then, naming the property. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // @PostConstruct read the settings
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public List<Path> roots() {
        return roots;
    }

    /** The file a task's setting names, if it lies under an allowed root once links are followed. */
    Path file(String field, String where) throws IOException {
        if (roots.isEmpty()) {
            throw new PolicyException(field + ": this server reads no files (set " + FILE_ROOTS + " to the folders "
                    + "tasks may read from; classpath: files of the application are always allowed)");
        }
        Path p = Path.of(where);
        Path absolute = p.isAbsolute() ? p : roots.get(0).resolve(p);
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            // nothing to escape through; refuse a path that points outside even if it does not exist
            real = absolute.normalize();
            if (roots.stream().noneMatch(real::startsWith)) {
                throw outside(field, where);
            }
            throw new NoSuchFileException(real.toString(), null, field + ": no such file");
        }
        for (Path root : roots) {
            Path r = Files.exists(root) ? root.toRealPath() : root;
            if (real.startsWith(r)) {
                return real;
            }
        }
        throw outside(field, where);
    }

    private PolicyException outside(String field, String where) {
        return new PolicyException(field + ": '" + where + "' is outside the folders tasks may read (" + FILE_ROOTS + ")");
    }

    /**
     * Checks a URL a task is about to call. Allowed: an http(s) URL whose scheme, host and port are written literally
     * in the deployed workflow ({@code written}, the setting as written), or whose host is on the allow-list.
     */
    void outbound(String field, String written, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PolicyException(field + ": only http and https URLs may be called, not '" + uri.getScheme() + "'");
        }
        if (uri.getHost() == null) {
            throw new PolicyException(field + ": '" + uri + "' has no host");
        }
        if (written != null && authorityIsLiteral(written)) {
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        for (String allowed : allowedHosts) {
            if (matches(allowed, host, port)) {
                return;
            }
        }
        throw new PolicyException(field + ": host " + host + ":" + port + " is not allowed: its host is not written in the "
                + "workflow and not on " + ALLOWED_HOSTS);
    }

    /** Whether scheme, host and port are fixed by the literal text before the first {@code ${…}}. */
    static boolean authorityIsLiteral(String written) {
        Template t = Template.parse(written);
        if (t.isLiteral()) {
            return true;
        }
        String prefix = t.literalPrefix();
        int start = prefix.indexOf("://");
        if (start < 0) {
            return false;
        }
        for (int i = start + 3; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String allowed, String host, int port) {
        String h = allowed;
        Optional<Integer> p = Optional.empty();
        int colon = allowed.lastIndexOf(':');
        if (colon > 0 && allowed.indexOf(']') < colon) {
            h = allowed.substring(0, colon);
            try {
                p = Optional.of(Integer.parseInt(allowed.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (p.isPresent() && p.get() != port) {
            return false;
        }
        return h.startsWith("*.") ? host.endsWith(h.substring(1)) : host.equals(h);
    }
}
