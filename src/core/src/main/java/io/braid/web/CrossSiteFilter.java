package io.braid.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Protection of the API's state-changing calls (POST, PUT, PATCH, DELETE). Browsers send a logged-in user's Basic
 * credentials with any request to this site, also one a foreign page makes them send, so:
 * <ul>
 *   <li>a call a browser marks as coming from another site ({@code Origin} not this server's, or
 *   {@code Sec-Fetch-Site} cross-site) is refused with 403;</li>
 *   <li>a call with a body type a plain HTML form can send ({@code application/x-www-form-urlencoded},
 *   {@code multipart/form-data}, {@code text/plain}) is refused with 415: those are the only cross-site requests
 *   that even browsers sending neither header make without asking the server first. Braid's calls take JSON or no
 *   body at all ({@code curl -X POST});</li>
 *   <li>bodies larger than {@code braid.api.maxBodyBytes} (default 64 KiB) are refused with 413.</li>
 * </ul>
 * The dashboard's own calls are same-origin JSON; curl and scripts send neither header. Origins behind a proxy can be
 * allowed with {@code braid.csrf.allowedOrigins} (comma-separated, e.g. {@code https://batch.example.com}).
 */
@WebFilter(urlPatterns = "/braid/api/*", asyncSupported = true) // Server-Sent Events are asynchronous
public class CrossSiteFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** What an HTML form (or a "simple" cross-site request) can send. */
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    @Inject
    WebSettings settings;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (SAFE.contains(req.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        if (crossSite(req, settings.allowedOrigins())) {
            refuse(res, 403, "cross-site request refused: state-changing calls must come from Braid's own pages or from a "
                    + "client that is not a browser");
            return;
        }
        String type = req.getContentType() == null ? "" : req.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (FORM_TYPES.contains(type)) {
            refuse(res, 415, "a body of type " + type + " is refused: send JSON (Content-Type: application/json) or no body");
            return;
        }
        long max = settings.maxBodyBytes();
        if (req.getContentLengthLong() > max) {
            refuse(res, 413, "the body is larger than " + max + " bytes (braid.api.maxBodyBytes)");
            return;
        }
        chain.doFilter(new Limited(req, max), res);
    }

    private static void refuse(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write("{\"status\": " + status + ", \"error\": \"" + message.replace("\"", "'") + "\"}");
    }

    static boolean crossSite(HttpServletRequest req, Set<String> allowed) {
        String site = req.getHeader("Sec-Fetch-Site");
        String origin = req.getHeader("Origin");
        if (origin != null) {
            return !sameOrigin(origin, req) && !allowed.contains(origin);
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
            try {
                URI h = URI.create(o.getScheme() + "://" + host);
                int hostPort = h.getPort() != -1 ? h.getPort() : port == 443 || port == 80 ? port : -1;
                if (o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return o.getHost().equalsIgnoreCase(req.getServerName()) && port == req.getServerPort();
    }

    /** A request whose body stream fails once more than {@code max} bytes were read (bodies without a length). */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;

        Limited(HttpServletRequest req, long max) {
            super(req);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                private void count(long n) throws IOException {
                    read += Math.max(0, n);
                    if (read > max) {
                        throw new IOException("the body is larger than " + max + " bytes (braid.api.maxBodyBytes)");
                    }
                }

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    count(n);
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
