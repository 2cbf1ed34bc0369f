package io.braid.samples;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A stand-in for a partner's exchange-rate service, served by the application itself so the {@code retail}
 * sample's {@code http} task has a real endpoint to call. Fixed rates, no authentication (sample data only).
 */
@WebServlet("/braid/samples/fx-rates")
public class FxRatesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write("{\"base\": \"EUR\", \"date\": \"2026-11-23\", \"rates\": {\"USD\": 1.08, \"GBP\": 0.85, \"JPY\": 162.4}}");
    }
}
