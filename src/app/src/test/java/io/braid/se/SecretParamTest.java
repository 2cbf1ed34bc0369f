package io.braid.se;

import com.sun.net.httpserver.HttpServer;
import io.braid.runs.RunView;
import io.braid.testing.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.braid.se.SeBraid.await;
import static io.braid.se.SeBraid.deploy;
import static io.braid.se.SeBraid.run;
import static io.braid.se.SeBraid.start;
import static io.braid.se.SeBraid.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code secret: true} parameters reach the tasks but never the run records or the task log lines. */
@Tag("se")
class SecretParamTest {
    private static final String TOKEN = "tk-8f3a91c2e7";
    private HttpServer server;
    private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void serve() throws Exception {
        server = Loopback.server();
        server.createContext("/auth", ex -> {
            tokensSeen.add(ex.getRequestURI().getQuery());
            Loopback.reply(ex, 401, "bad token " + ex.getRequestURI().getQuery()); // echoes it, as servers do
        });
        server.start();
    }

    /** A value with a quote, a backslash, an apostrophe and a tab: escaped in JSON, doubled in SQL messages. */
    private static final String TRICKY = "tk\"q\\b'c\tz-5e1d";

    @Test
    void escapedQuotedAndCutFormsOfTheValueAreMaskedToo() throws Exception {
        server.createContext("/long", ex -> Loopback.reply(ex, 401, "x".repeat(195) + TRICKY)); // the cut at 200 halves it
        deploy("secret-forms-se", """
                name: secret-forms-se
                params:
                  base: "%s"
                  token: { secret: true }
                tasks:
                  - { id: echo, type: sql, with: { statement: "SELECT CAST(? AS VARCHAR(64)) AS echoed", args: ["${params.token}"], rows: 1 } }
                  - { id: convert, type: sql, with: { statement: "SELECT CAST(? AS INT) AS n", args: ["${params.token}"] } }
                  - { id: call, type: http, with: { url: "${params.base}/long" } }
                """.formatted(Loopback.base(server)));
        RunView r = run(await(start("secret-forms-se", Map.of("token", TRICKY))).getExecutionId());
        assertTrue(task(r, "echo").outputs().get("rows").contains("******"), task(r, "echo").outputs().toString());
        assertEquals("FAILED", String.valueOf(task(r, "convert").status()), "the conversion fails, with the value in the message");
        assertTrue(task(r, "call").error().contains("answered 401"), task(r, "call").error());
        String record = r.toString();
        for (int i = 0; i + 5 <= TRICKY.length(); i++) {
            String piece = TRICKY.substring(i, i + 5);
            assertFalse(record.contains(piece) || record.contains(piece.replace("\"", "\\\"")),
                    "a piece of the value (" + piece + ") in the run record: " + record);
        }
    }

    @Test
    void aFanOutThatCannotUseTheValueDoesNotQuoteIt() throws Exception {
        deploy("secret-fan-se", """
                name: secret-fan-se
                params:
                  token: { secret: true }
                tasks:
                  - { id: fan, type: wait, fanOut: { items: [a, b], parallel: "${params.token}" }, with: { duration: 1ms } }
                """);
        // everything logged while it runs, with the exceptions' messages: the batch runtime logs the mapper's exception
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler all = new Handler() {
            @Override
            public void publish(LogRecord rec) {
                logged.add(String.valueOf(rec.getMessage()));
                for (Throwable t = rec.getThrown(); t != null; t = t.getCause()) {
                    logged.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        RunView r;
        Logger.getLogger("").addHandler(all);
        try {
            r = run(await(start("secret-fan-se", Map.of("token", TOKEN))).getExecutionId());
        } finally {
            Logger.getLogger("").removeHandler(all);
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("is not a whole number")), "the failure was logged: " + logged);
        assertTrue(logged.stream().noneMatch(l -> l.contains(TOKEN)), "the value in no log record: " + logged);
        String error = String.valueOf(task(r, "fan").error());
        assertTrue(error.contains("is not a whole number") && error.contains("******"), error);
        assertFalse(r.toString().contains(TOKEN), "nowhere in the run record: " + r);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        Logger.getLogger("io.braid.task").removeHandler(capture);
    }

    @Test
    void theTasksGetTheValueAndRecordsAndLogsShowItMasked() throws Exception {
        deploy("secret-se", """
                name: secret-se
                params:
                  base: "%s"
                  token: { secret: true, description: partner API token }
                tasks:
                  - id: echo
                    type: sql
                    with: { statement: "SELECT CAST(? AS VARCHAR(64)) AS echoed, LENGTH(?) AS len", args: ["${params.token}", "${params.token}"], rows: 1 }
                  - { id: call, type: http, needs: [echo], with: { url: "${params.base}/auth?token=${params.token}" } }
                """.formatted(Loopback.base(server)));
        // the batch runtime resets java.util.logging when its first job starts: capture from then on
        deploy("secret-warmup-se", "name: secret-warmup-se\ntasks:\n  - { id: w, type: wait, with: { duration: 1ms } }\n");
        await(start("secret-warmup-se", Map.of()));
        Logger.getLogger("io.braid.task").addHandler(capture);
        RunView r = run(await(start("secret-se", Map.of("token", TOKEN))).getExecutionId());

        assertEquals(List.of("token=" + TOKEN), tokensSeen, "the task sent the real value");
        String echoed = task(r, "echo").outputs().get("rows");
        assertTrue(echoed.contains("\"len\":" + TOKEN.length()), "the SQL saw the real value: " + echoed);
        assertTrue(echoed.contains("******") && !echoed.contains(TOKEN), "the recorded output is masked: " + echoed);
        String error = task(r, "call").error();
        assertTrue(error.contains("answered 401") && error.contains("token=******"), error);
        assertFalse(r.toString().contains(TOKEN), "nowhere in the run record: " + r);
        assertTrue(logLines.stream().anyMatch(l -> l.contains("task call: FAILED")), logLines.toString());
        assertTrue(logLines.stream().noneMatch(l -> l.contains(TOKEN)), "nor in the job log lines: " + logLines);
    }
}
