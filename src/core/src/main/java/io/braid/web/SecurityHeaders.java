package io.braid.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Browser security headers on every response of Braid (its dashboard and API, under {@code /braid/}): no framing (clickjacking), a Content-Security-
 * Policy that runs only the application's own scripts, no content sniffing, no referrer. A run report
 * ({@code /braid/api/runs/{id}/report}) is one self-contained page with inline scripts: its policy allows those and
 * nothing else, not even a request back to any server.
 */
@WebFilter(urlPatterns = "/braid/*", asyncSupported = true) // Braid's pages and API only, not the rest of a host application
public class SecurityHeaders extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String DASHBOARD_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String REPORT_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Content-Security-Policy", path.startsWith("/braid/api/runs/") && path.endsWith("/report")
                ? REPORT_POLICY : DASHBOARD_POLICY);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(req, res);
    }
}
