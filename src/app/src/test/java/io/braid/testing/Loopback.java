package io.braid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A real HTTP server on the loopback interface (the JDK's), for tests of the http task. */
public final class Loopback {
    private Loopback() {
    }

    /** A server on a free port; add contexts, then {@code start()}. Handlers run on their own threads. */
    public static HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.setExecutor(Executors.newCachedThreadPool());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String base(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    public static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
