package io.braid.runs;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record writer on a real H2 database: order, visibility after flush, and a bad write that costs no other. */
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
}
