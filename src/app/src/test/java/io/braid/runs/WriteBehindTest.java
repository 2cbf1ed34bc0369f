package io.braid.runs;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record writer on a real H2 database: order, visibility after flush, and a bad write that costs no other. */
@Tag("unit")
class WriteBehindTest {

    private static JdbcDataSource database(String name) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE LOG (ID INT PRIMARY KEY, TEXT VARCHAR(100000))");
            st.execute("INSERT INTO LOG VALUES (1, '')");
        }
        return ds;
    }

    private static String text(JdbcDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TEXT FROM LOG WHERE ID = 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void writesFromManyThreadsAreAppliedInTheOrderTheyWereSubmittedAndAreVisibleAfterFlush() throws Exception {
        JdbcDataSource ds = database("order");
        WriteBehind behind = new WriteBehind(() -> ds, "test-writer");
        // each write appends its number: the text is the order in which they were applied
        int threads = 4;
        int each = 300;
        List<String> submittedOrder = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    String mark = thread + "." + i + ";";
                    synchronized (submittedOrder) { // the order of submission, as the writer numbers them
                        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || ? WHERE ID = 1", mark));
                        submittedOrder.add(mark);
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        go.countDown();
        for (Thread w : writers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        behind.flush();
        assertEquals(String.join("", submittedOrder), text(ds));
        behind.close();
    }

    @Test
    void aWriteThatFailsIsLoggedAndCostsNoOtherWriteOfItsTransaction() throws Exception {
        JdbcDataSource ds = database("failing");
        WriteBehind behind = new WriteBehind(() -> ds, "test-writer");
        // hold the writer on a first write, so the next three are applied in one transaction together
        CountDownLatch release = new CountDownLatch(1);
        behind.submit(db -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'a' WHERE ID = 1"));
        behind.submit(db -> db.update("UPDATE NO_SUCH_TABLE SET X = 1"));
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'b' WHERE ID = 1"));
        release.countDown();
        behind.flush();
        assertEquals("ab", text(ds));
        behind.close();
    }

    @Test
    void afterCloseAWriteIsAppliedByItsCaller() throws Exception {
        JdbcDataSource ds = database("closed");
        WriteBehind behind = new WriteBehind(() -> ds, "test-writer");
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'x' WHERE ID = 1"));
        behind.close();
        assertEquals("x", text(ds), "close applies what was queued");
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'y' WHERE ID = 1"));
        assertTrue(text(ds).endsWith("y"), "a write after close is not lost");
    }

    @Test
    void whileTheDatabaseIsAwayAWriteIsTriedAgainUntilItLandsAndTheWritesAfterItWait() throws Exception {
        JdbcDataSource ds = database("away");
        // the database refuses connections (as PostgreSQL does while it restarts) until the test lets it back
        AtomicBoolean away = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && away.get()) {
                        refused.incrementAndGet();
                        throw new SQLException("Connection refused", "08001");
                    }
                    try {
                        return method.invoke(ds, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        WriteBehind behind = new WriteBehind(() -> flaky, "test-writer");
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'started;' WHERE ID = 1"));
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'ended;' WHERE ID = 1"));
        await("tried while away").atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 3);
        assertEquals("", text(ds), "nothing landed while the database was away");
        away.set(false);
        behind.flush(); // returns once both landed: the run's end may be recorded now
        assertEquals("started;ended;", text(ds), "both landed, in order");
        // a write the database refuses for good (no such table) is dropped, and costs no later write
        behind.submit(db -> db.update("UPDATE NO_SUCH_TABLE SET X = 1"));
        behind.submit(db -> db.update("UPDATE LOG SET TEXT = TEXT || 'after;' WHERE ID = 1"));
        behind.flush();
        assertEquals("started;ended;after;", text(ds));
        behind.close();
    }
}
