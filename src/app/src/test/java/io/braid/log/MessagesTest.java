package io.braid.log;

import io.braid.testing.Checkout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message numbers are unique, well-formed, match their level, and every one is documented for operators. */
@Tag("unit")
class MessagesTest {

    @Test
    void everyNumberIsUniqueWellFormedAndMatchesItsLevel() {
        Set<String> ids = new HashSet<>();
        for (Messages m : Messages.values()) {
            assertTrue(ids.add(m.id()), "used twice: " + m.id());
            assertTrue(m.id().matches("BRAID\\d{4}[IWE]"), m.id());
            char kind = m.id().charAt(m.id().length() - 1);
            char expected = switch (m.level().getName()) {
                case "SEVERE" -> 'E';
                case "WARNING" -> 'W';
                default -> 'I';
            };
            assertEquals(expected, kind, m + " is logged at " + m.level());
        }
    }

    @Test
    void aValueCannotStartALogLineOfItsOwn() {
        // an inline job's id is the submitter's: a line break in it would forge a line of Braid's log
        String forged = Messages.RUN_REFUSED.format(7, 8, "job 'x\n[12/7/26 10:00:00:000 UTC] 0000002a BRAID0002I: Braid run 7 task pay: COMPLETED' is not deployed");
        assertEquals(1, forged.lines().count(), forged);
        assertTrue(forged.contains("x\\u000a[12/7/26"), forged);
        assertEquals("tab\\u0009and\\u2028", Messages.oneLine("tab\tand\u2028"));
    }

    @Test
    void aMessageStartsWithItsNumberAndKeepsIdsAsWritten() {
        assertEquals("BRAID0001I: Braid run 12345 task load: started", Messages.TASK_STARTED.format(12345L, "load"));
        assertTrue(Messages.GATE_WAITING_LONG.format(1, "c", "10m", "[a]").contains("runtime's thread pool"), "a quote survives");
    }

    @Test
    void everyMessagePrintsItsArguments() {
        for (Messages m : Messages.values()) {
            Object[] args = new Object[m.arguments()];
            Arrays.fill(args, "v");
            assertFalse(m.format(args).matches(".*\\{\\d+}.*"), m.format(args));
        }
        // a failure logged with its exception alone (a record write while the database is away) names it
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        List<LogRecord> logged = new ArrayList<>();
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        Messages.RECORD_WRITE_FAILED.log(logger, new SQLException("Connection refused"));
        assertEquals(1, logged.size());
        String line = logged.get(0).getMessage();
        assertTrue(line.contains("Connection refused") && !line.contains("{0}"), line);
        assertTrue(logged.get(0).getThrown() instanceof SQLException, "the stack is kept");
    }

    @Test
    void everyMessageIsInTheOperationsGuide() throws Exception {
        String doc = Files.readString(Checkout.file("docs/operations.md"));
        String table = doc.substring(doc.indexOf("<!-- messages:begin -->"), doc.indexOf("<!-- messages:end -->"));
        for (Messages m : Messages.values()) {
            assertTrue(table.contains("`" + m.id() + "`"), m.id() + " is listed in docs/operations.md");
        }
        assertEquals(Messages.values().length, table.split("\\| `BRAID").length - 1, "no message listed that does not exist");
    }
}
