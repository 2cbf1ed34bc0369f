package io.braid.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CSRF protection for state-changing calls. Browsers send a logged-in user's Basic credentials with any request
 * to this site, also one a foreign page makes them send; they also say where such a request comes from
 * ({@code Sec-Fetch-Site}, {@code Origin}). A POST, PUT, PATCH or DELETE that a browser marks as coming from
 * another site is refused with 403; the dashboard's own calls are same-origin, and scripts and curl send
 * neither header, so they are unaffected. Origins behind a proxy can be allowed with
 * {@code braid.csrf.allowedOrigins} (comma-separated, e.g. {@code https://batch.example.com}).
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true) // Server-Sent Events are asynchronous
public class CrossSiteFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!SAFE.contains(req.getMethod()) && crossSite(req)) {
            res.setStatus(HttpServletResponse.SC_FORBIDDEN);
            res.setContentType("application/json");
            res.getWriter().write("{\"status\": 403, \"error\": \"cross-site request refused: state-changing calls "
                    + "must come from Braid's own pages or from a client that is not a browser\"}");
            return;
        }
        chain.doFilter(req, res);
    }

    static boolean crossSite(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        String origin = req.getHeader("Origin");
        if (origin != null) {
            return !sameOrigin(origin, req) && !allowed().contains(origin);
        }
        // no Origin: a browser that sends fetch metadata still says whether the page was ours
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /** The origin names this server as the request reached it: by its Host header or its own name and port. */
    private static boolean sameOrigin(String origin, HttpServletRequest req) {
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) { // "null" or garbage
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || !o.getScheme().equalsIgnoreCase(req.getScheme())) {
            return false;
        }
        int port = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        String host = req.getHeader("Host");
        if (host != null) {
            URI h = URI.create(o.getScheme() + "://" + host);
            int hostPort = h.getPort() != -1 ? h.getPort() : port == 443 || port == 80 ? port : -1;
            if (o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort) {
                return true;
            }
        }
        return o.getHost().equalsIgnoreCase(req.getServerName()) && port == req.getServerPort();
    }

    private static Set<String> allowed() {
        return ConfigProvider.getConfig().getOptionalValue("braid.csrf.allowedOrigins", String.class)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}
